package dev.herald;

import dev.herald.spi.Frame;
import dev.herald.spi.Inbound;
import dev.herald.spi.Payload;
import dev.herald.spi.Transport;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** A connection as the manager holds it: the application's view plus the transport behind it. */
final class ManagedConnection<T> implements Connection, Inbound {
  private final ConnectionManager<T> manager;
  private final String id;
  private final Admission.Accepted admission;
  private final Handshake handshake;
  private final Instant connectedAt;
  private final Transport transport;
  private final @Nullable Executor dispatcher;
  private final Set<String> topics = ConcurrentHashMap.newKeySet();
  private final Set<String> topicsView = Collections.unmodifiableSet(topics);
  private final AtomicReference<@Nullable CloseCause> closing = new AtomicReference<>();
  private final AtomicBoolean removed = new AtomicBoolean();

  ManagedConnection(
      ConnectionManager<T> manager,
      String id,
      Admission.Accepted admission,
      Handshake handshake,
      Transport transport,
      @Nullable Executor dispatcher) {
    this.manager = manager;
    this.id = id;
    this.admission = admission;
    this.handshake = handshake;
    this.transport = transport;
    this.dispatcher = dispatcher;
    this.connectedAt = Instant.now();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String clientId() {
    return admission.clientId();
  }

  @Override
  public Map<String, String> attributes() {
    return admission.attributes();
  }

  @Override
  public Handshake handshake() {
    return handshake;
  }

  @Override
  public Instant connectedAt() {
    return connectedAt;
  }

  @Override
  public Set<String> topics() {
    return topicsView;
  }

  @Override
  public long queuedBytes() {
    return transport.bufferedBytes();
  }

  @Override
  public boolean isOpen() {
    return closing.get() == null && !removed.get();
  }

  Set<String> joinedTopics() {
    return topics;
  }

  boolean isRemoved() {
    return removed.get();
  }

  /** Hands the message's frame to the transport; counts it as sent or as dropped. */
  boolean deliver(Outgoing<T> message) {
    if (!isOpen()) {
      manager.counters.dropped(DropReason.CLOSED);
      return false;
    }
    Frame frame = message.frameFor(transport.framer());
    if (!transport.send(frame)) {
      manager.counters.dropped(DropReason.CLOSED);
      return false;
    }
    manager.counters.sent(frame.size());
    return true;
  }

  /** Starts closing, once; the first cause is the one counted. */
  boolean close(CloseCause cause, int code, String reason) {
    if (!closing.compareAndSet(null, cause)) {
      return false;
    }
    transport.close(code, CloseReasons.fit(reason));
    return true;
  }

  void abort() {
    closing.compareAndSet(null, CloseCause.SHUTDOWN);
    transport.abort();
  }

  /** Runs a listener call in this connection's order: inline, or on its serial executor. */
  void dispatch(Runnable call) {
    if (dispatcher == null) {
      call.run();
    } else {
      dispatcher.execute(call);
    }
  }

  @Override
  public void onMessage(Payload payload) {
    if (removed.get()) {
      return;
    }
    manager.counters.received(payload.size());
    if (dispatcher == null) {
      manager.handle(this, payload);
    } else {
      dispatcher.execute(() -> manager.handle(this, payload));
    }
  }

  @Override
  public void onPong() {}

  @Override
  public void onClose(int code, String reason, boolean remote) {
    if (!removed.compareAndSet(false, true)) {
      return;
    }
    CloseCause cause = closing.get();
    if (cause == null) {
      cause = remote ? CloseCause.PEER : CloseReasons.causeOf(code);
    }
    manager.unregister(this, new CloseStatus(code, reason, cause));
  }

  @Override
  public void onError(Throwable error) {
    manager.report(this, error);
  }

  @Override
  public String toString() {
    return "Connection[" + id + ", client " + admission.clientId() + "]";
  }
}
