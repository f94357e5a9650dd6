package dev.herald.testing;

import dev.herald.Admission;
import dev.herald.CloseStatus;
import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.Handshake;
import dev.herald.RejectReason;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Records every listener call, for assertions. Subclass it to act on messages as well.
 *
 * <p>This class is thread-safe.
 *
 * @param <T> the manager's message type
 */
public class RecordingListener<T> implements ConnectionListener<T> {
  private final Map<String, Connection> opened = new ConcurrentHashMap<>();
  private final Map<String, CloseStatus> closed = new ConcurrentHashMap<>();
  private final List<T> messages = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final List<RejectReason> rejections = new CopyOnWriteArrayList<>();

  /** Returns the connections opened so far, by id. */
  public Map<String, Connection> opened() {
    return opened;
  }

  /** Returns how each connection closed so far ended, by id. */
  public Map<String, CloseStatus> closed() {
    return closed;
  }

  /** Returns the messages received so far, in the order the listener saw them. */
  public List<T> messages() {
    return messages;
  }

  /** Returns the errors reported so far. */
  public List<Throwable> errors() {
    return errors;
  }

  /** Returns the reasons of the handshakes refused so far. */
  public List<RejectReason> rejections() {
    return rejections;
  }

  @Override
  public void onOpen(Connection connection) {
    opened.put(connection.id(), connection);
  }

  @Override
  public void onMessage(Connection connection, T message) {
    messages.add(message);
  }

  @Override
  public void onClose(Connection connection, CloseStatus status) {
    closed.put(connection.id(), status);
  }

  @Override
  public void onRejected(Handshake handshake, RejectReason reason, Admission.Rejected rejection) {
    rejections.add(reason);
  }

  @Override
  public void onError(@Nullable Connection connection, Throwable error) {
    errors.add(error);
  }
}
