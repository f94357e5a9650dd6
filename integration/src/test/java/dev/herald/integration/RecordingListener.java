package dev.herald.integration;

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

/** Records every listener call, for assertions. */
class RecordingListener implements ConnectionListener<String> {
  final Map<String, Connection> opened = new ConcurrentHashMap<>();
  final Map<String, CloseStatus> closed = new ConcurrentHashMap<>();
  final List<String> messages = new CopyOnWriteArrayList<>();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  final List<RejectReason> rejections = new CopyOnWriteArrayList<>();

  @Override
  public void onOpen(Connection connection) {
    opened.put(connection.id(), connection);
  }

  @Override
  public void onMessage(Connection connection, String message) {
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
