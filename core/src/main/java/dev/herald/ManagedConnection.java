package dev.herald;

import dev.herald.spi.Frame;
import dev.herald.spi.Inbound;
import dev.herald.spi.Payload;
import dev.herald.spi.Transport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** A connection as the manager holds it: the application's view plus the transport behind it. */
final class ManagedConnection<T> implements Connection, Inbound {
  private static final VarHandle TOPICS;
  private static final VarHandle CLOSING;
  private static final VarHandle REMOVED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TOPICS = lookup.findVarHandle(ManagedConnection.class, "topics", Set.class);
      CLOSING = lookup.findVarHandle(ManagedConnection.class, "closing", CloseStatus.class);
      REMOVED = lookup.findVarHandle(ManagedConnection.class, "removed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ConnectionManager<T> manager;
  private final String id;
  private final Admission.Accepted admission;
  private final Handshake handshake;
  private final Instant connectedAt;
  private final Transport transport;
  private final OutboundQueue outbound;
  private final @Nullable Executor dispatcher;
  // Touched only by the transport's thread for this connection, one message at a time.
  private final @Nullable TokenBucket rate;
  private final @Nullable String subprotocol;
  private final int codec;
  // Most connections never join a topic, and memory per connection is what limits a node: the
  // set is made on the first join, and the flags are fields behind VarHandles, not objects.
  private volatile @Nullable Set<String> topics;
  private volatile @Nullable CloseStatus closing;
  private volatile boolean removed;
  private volatile long lastSeen;
  private volatile long pingSentAt;
  private volatile long closingSince;

  ManagedConnection(
      ConnectionManager<T> manager,
      String id,
      Admission.Accepted admission,
      Handshake handshake,
      Transport transport,
      OutboundQueue outbound,
      @Nullable Executor dispatcher,
      @Nullable TokenBucket rate,
      @Nullable String subprotocol,
      int codec,
      long now) {
    this.manager = manager;
    this.id = id;
    this.admission = admission;
    this.handshake = handshake;
    this.transport = transport;
    this.outbound = outbound;
    this.dispatcher = dispatcher;
    this.rate = rate;
    this.subprotocol = subprotocol;
    this.codec = codec;
    this.connectedAt = Instant.now();
    this.lastSeen = now;
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
    Set<String> joined = topics;
    return joined == null ? Set.of() : Collections.unmodifiableSet(joined);
  }

  @Override
  public @Nullable String subprotocol() {
    return subprotocol;
  }

  @Override
  public long queuedBytes() {
    return outbound.queuedBytes();
  }

  @Override
  public boolean isOpen() {
    return closing == null && !removed;
  }

  /** Returns the index of this connection's codec among the manager's protocols. */
  int codec() {
    return codec;
  }

  /** Returns the topics joined so far, or an empty set if none ever was. */
  Set<String> joinedTopics() {
    Set<String> joined = topics;
    return joined == null ? Set.of() : joined;
  }

  /** Returns the set to add a joined topic to, made on first use. */
  Set<String> topicsToJoin() {
    Set<String> joined = topics;
    if (joined == null) {
      TOPICS.compareAndSet(this, null, ConcurrentHashMap.newKeySet(2));
      joined = topics;
    }
    return joined;
  }

  boolean isRemoved() {
    return removed;
  }

  Transport transport() {
    return transport;
  }

  long lastSeen() {
    return lastSeen;
  }

  long pingSentAt() {
    return pingSentAt;
  }

  void pinged(long now) {
    pingSentAt = now;
  }

  /** Returns when Herald started closing this connection, or -1 if it did not. */
  long closingSince() {
    return closing == null ? -1 : closingSince;
  }

  /** Queues the message's frame; counts it as sent or as dropped, and applies the overflow policy. */
  boolean deliver(Outgoing<T> message, Delivery delivery) {
    if (!isOpen()) {
      manager.counters.dropped(DropReason.CLOSED);
      return false;
    }
    Frame frame = message.frameFor(codec, transport.framer());
    switch (outbound.offer(frame, delivery)) {
      case QUEUED:
        manager.counters.sent(frame.size());
        return true;
      case DROPPED:
        manager.counters.dropped(DropReason.QUEUE_FULL);
        return false;
      case OVERFLOW:
        manager.counters.dropped(DropReason.QUEUE_FULL);
        terminate(
            CloseCause.SLOW_CONSUMER,
            1008,
            "slow consumer: send queue over " + manager.outboundLimit() + " bytes");
        return false;
      default:
        manager.counters.dropped(DropReason.CLOSED);
        return false;
    }
  }

  /** Starts closing, once; the first cause, code and reason are the ones reported. */
  boolean close(CloseCause cause, int code, String reason) {
    String fitted = CloseReasons.fit(reason);
    if (closing != null) {
      return false;
    }
    // Written before the status, so that the sweep never sees a close without its start time.
    closingSince = manager.now();
    if (!CLOSING.compareAndSet(this, null, new CloseStatus(code, fitted, cause))) {
      return false;
    }
    outbound.closeAfterPending(code, fitted);
    return true;
  }

  /**
   * Closes and drops the socket at once: for peers that do not read, which would never see the
   * close frame queued behind what they left unread.
   */
  void terminate(CloseCause cause, int code, String reason) {
    outbound.discard();
    if (close(cause, code, reason)) {
      transport.close(code, CloseReasons.fit(reason));
      transport.abort();
    }
  }

  void abort() {
    CLOSING.compareAndSet(this, null, new CloseStatus(1006, "aborted", CloseCause.SHUTDOWN));
    outbound.discard();
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
    if (removed) {
      return;
    }
    long now = manager.now();
    lastSeen = now;
    manager.counters.received(payload.size());
    if (rate != null && !rate.tryTake(now)) {
      manager.overRate(this);
      return;
    }
    if (dispatcher == null) {
      manager.handle(this, payload);
    } else {
      dispatcher.execute(() -> manager.handle(this, payload));
    }
  }

  @Override
  public void onPong() {
    lastSeen = manager.now();
  }

  @Override
  public void onWritable() {
    outbound.drain();
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    if (!REMOVED.compareAndSet(this, false, true)) {
      return;
    }
    outbound.discard();
    CloseStatus initiated = closing;
    CloseStatus status =
        initiated != null
            ? initiated
            : new CloseStatus(code, reason, remote ? CloseCause.PEER : CloseReasons.causeOf(code));
    manager.unregister(this, status);
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
