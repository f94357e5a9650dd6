package dev.herald;

import dev.herald.spi.ClientProtocol;
import dev.herald.spi.Frame;
import dev.herald.spi.Payload;
import dev.herald.spi.ServerFrame;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A connection as the manager holds it: what the application sees of it, its lifecycle and
 * heartbeat state, and its {@link TransportLink}, which only the transport sees.
 */
final class ManagedConnection<T> implements Connection<T> {
  private static final int OPENING = 0;
  private static final int OPEN = 1;
  private static final int REMOVED = 2;
  private static final VarHandle TOPICS;
  private static final VarHandle CLOSING;
  private static final VarHandle STATE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TOPICS = lookup.findVarHandle(ManagedConnection.class, "topics", Set.class);
      CLOSING = lookup.findVarHandle(ManagedConnection.class, "closing", CloseStatus.class);
      STATE = lookup.findVarHandle(ManagedConnection.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Hub<T> hub;
  private final String id;
  private final Admission.Accepted admission;
  private final Handshake handshake;
  private final long connectedAtMillis;
  private final @Nullable String subprotocol;
  private final int codec;
  private final TransportLink link;
  private final @Nullable Executor dispatcher;
  private final @Nullable ClientSession<T> session;
  // Touched only by the transport's thread for this connection, one message at a time.
  private final @Nullable TokenBucket rate;
  // Most connections never join a topic, and memory per connection is what limits a node: the
  // set is made on the first join, and the flags are fields behind VarHandles, not objects.
  private volatile @Nullable Set<String> topics;
  private volatile @Nullable CloseStatus closing;
  private volatile int state;
  private volatile long lastSeen;
  private volatile long pingSentAt;
  private volatile long closingSince;

  ManagedConnection(
      Hub<T> hub,
      String id,
      Admission.Accepted admission,
      Handshake handshake,
      @Nullable String subprotocol,
      int codec,
      @Nullable Executor dispatcher,
      @Nullable TokenBucket rate) {
    this.hub = hub;
    this.id = id;
    this.admission = admission;
    this.handshake = handshake;
    this.subprotocol = subprotocol;
    this.codec = codec;
    this.dispatcher = dispatcher;
    this.rate = rate;
    this.connectedAtMillis = System.currentTimeMillis();
    this.lastSeen = hub.now();
    this.link = new TransportLink(this, hub.outbound(), hub.counters, hub.timings(), hub::now);
    ClientProtocol framing = hub.protocols().framing(codec);
    this.session = framing == null ? null : new ClientSession<>(this, hub, framing);
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
    return Instant.ofEpochMilli(connectedAtMillis);
  }

  @Override
  public @Nullable String subprotocol() {
    return subprotocol;
  }

  @Override
  public Set<String> topics() {
    Set<String> joined = topics;
    return joined == null ? Set.of() : Collections.unmodifiableSet(joined);
  }

  @Override
  public long queuedBytes() {
    return link.queuedBytes();
  }

  @Override
  public boolean isOpen() {
    return closing == null && state != REMOVED;
  }

  @Override
  public boolean send(T message) {
    return send(message, Delivery.STANDARD);
  }

  @Override
  public boolean send(T message, Delivery delivery) {
    return deliver(new Outgoing<>(message, hub.protocols()), delivery);
  }

  @Override
  public boolean join(String topic) {
    return hub.join(this, topic);
  }

  @Override
  public boolean leave(String topic) {
    return hub.leave(this, topic);
  }

  @Override
  public boolean close(int code, String reason) {
    CloseReasons.checkSendable(code);
    return close(CloseCause.APPLICATION, code, reason);
  }

  TransportLink link() {
    return link;
  }

  /** Returns what this connection does as a client of the Herald protocol, or null if raw. */
  @Nullable ClientSession<T> session() {
    return session;
  }

  /** Returns the ping frame of this connection's Herald protocol, or null if it is raw. */
  Frame.@Nullable Message protocolPing() {
    return hub.protocols().ping(codec);
  }

  /** Returns the index of this connection's codec among the manager's protocols. */
  int codec() {
    return codec;
  }

  /**
   * Returns whether the application's {@code onOpen} has returned and the connection is still here.
   */
  boolean isReady() {
    return state == OPEN;
  }

  /** Marks that {@code onOpen} has returned; false if the connection ended meanwhile. */
  boolean markOpen() {
    return STATE.compareAndSet(this, OPENING, OPEN);
  }

  /** Marks the connection as gone, once; returns the state it had, or -1 if it was gone already. */
  int markRemoved() {
    int previous = (int) STATE.getAndSet(this, REMOVED);
    return previous == REMOVED ? -1 : previous;
  }

  static boolean wasReady(int state) {
    return state == OPEN;
  }

  boolean isRemoved() {
    return state == REMOVED;
  }

  /** Returns the topics joined so far, or an empty set if none ever was. */
  Set<String> joinedTopics() {
    Set<String> joined = topics;
    return joined == null ? Set.of() : joined;
  }

  /** Returns the set to add a joined topic to, made on first use. */
  Set<String> topicsToJoin() {
    Set<String> joined = topics;
    if (joined != null) {
      return joined;
    }
    Set<String> made = ConcurrentHashMap.newKeySet(2);
    return TOPICS.compareAndSet(this, null, made) ? made : Objects.requireNonNull(topics);
  }

  long lastSeen() {
    return lastSeen;
  }

  long pingSentAt() {
    return pingSentAt;
  }

  /** Returns when Herald started closing this connection, or -1 if it did not. */
  long closingSince() {
    return closing == null ? -1 : closingSince;
  }

  /** Queues a protocol ping and notes when. */
  void ping(long now) {
    pinged(now);
    link.ping();
  }

  /** Notes that a ping, protocol or application, was sent at {@code now}. */
  void pinged(long now) {
    pingSentAt = now;
  }

  /**
   * Queues the message's frame; counts it as sent or as dropped, and applies the overflow policy.
   */
  boolean deliver(Outgoing<T> message, Delivery delivery) {
    if (!isOpen()) {
      hub.counters.dropped(DropReason.CLOSED);
      return false;
    }
    return deliverFrame(message.frame(codec), delivery);
  }

  /** Queues a frame made for this connection's protocol; as {@link #deliver}. */
  boolean deliverFrame(Frame.Message frame, Delivery delivery) {
    if (!isOpen()) {
      hub.counters.dropped(DropReason.CLOSED);
      return false;
    }
    switch (link.offer(frame, delivery)) {
      case QUEUED:
        hub.counters.sent(frame.size());
        return true;
      case DROPPED:
        hub.counters.dropped(DropReason.QUEUE_FULL);
        return false;
      case OVERFLOW:
        hub.counters.dropped(DropReason.QUEUE_FULL);
        overflowed();
        return false;
      default:
        hub.counters.dropped(DropReason.CLOSED);
        return false;
    }
  }

  /** Sends a frame of the Herald client protocol that no overflow policy drops. */
  void reply(ServerFrame frame) {
    ClientSession<T> client = session;
    if (client != null) {
      deliverFrame(Frame.of(client.protocol().encode(frame)), Delivery.CONTROL);
    }
  }

  /** Sends a frame of the Herald client protocol while the connection is closing. */
  void replyClosing(ServerFrame frame) {
    ClientSession<T> client = session;
    if (client != null) {
      Frame.Message encoded = Frame.of(client.protocol().encode(frame));
      if (link.offer(encoded, Delivery.CONTROL) == TransportLink.Offer.QUEUED) {
        hub.counters.sent(encoded.size());
      }
    }
  }

  /** Returns whether more than {@code bytes} are queued and not yet written. */
  boolean isOverPause(long bytes) {
    return link.queuedBytes() > bytes;
  }

  /**
   * Closes the connection as a slow consumer: what it queued is dropped, the close sent at once.
   */
  void overflowed() {
    terminate(
        CloseCause.SLOW_CONSUMER,
        1008,
        "slow consumer: send queue over " + hub.outbound().limit() + " bytes");
  }

  /**
   * Closes after what is queued: the close frame is the last entry of the stream. The first close
   * decides the code, reason and cause that are reported.
   *
   * @return false if the connection was closing already
   */
  boolean close(CloseCause cause, int code, String reason) {
    CloseStatus status = decide(cause, code, reason);
    if (status == null) {
      return false;
    }
    if (session != null) {
      session.farewell(code, status.reason(), 0);
    }
    return link.close(Frame.close(code, status.reason()));
  }

  /**
   * Closes at once, for peers that do not read: what is queued is dropped, the close frame is
   * written if the socket still takes it, and the socket is closed.
   */
  void terminate(CloseCause cause, int code, String reason) {
    link.terminate(closeFrame(cause, code, reason));
  }

  /**
   * Closes a peer that broke the protocol: what is queued is dropped and the close frame sent next.
   * The socket is not closed at once: a peer still sending would get a reset, which discards the
   * close frame before it reads it, so the transport ends the connection as after any close it
   * writes, or the close timeout does.
   */
  void violated(int code, String reason) {
    link.closeInstead(closeFrame(CloseReasons.causeOf(code), code, reason));
  }

  /** Decides the close, and returns the frame of whichever close was decided first. */
  private Frame.Close closeFrame(CloseCause cause, int code, String reason) {
    CloseStatus status = decide(cause, code, reason);
    CloseStatus decided = status != null ? status : closing;
    return Frame.close(
        decided == null ? code : decided.code(), decided == null ? "" : decided.reason());
  }

  /**
   * Refuses a connection that was never registered: its stream holds only a close frame with {@code
   * code}, and nothing it does reaches the application.
   */
  void refuse(int code, String reason) {
    markRemoved();
    link.terminate(Frame.close(code, CloseReasons.fit(reason)));
  }

  /** Drops the socket without a close frame: a close that never completed, or shutdown's end. */
  void abort() {
    decide(CloseCause.SHUTDOWN, 1006, "aborted");
    link.discard();
    link.transport().abort();
  }

  /** Runs a listener call in this connection's order: inline, or on its serial executor. */
  void dispatch(Runnable call) {
    if (dispatcher == null) {
      call.run();
    } else {
      dispatcher.execute(call);
    }
  }

  void received(Payload payload) {
    if (closing != null || isRemoved()) {
      // A close was decided: nothing more from this peer reaches the application.
      return;
    }
    long now = hub.now();
    lastSeen = now;
    hub.counters.received(payload.size());
    if (rate != null && !rate.tryTake(now)) {
      hub.overRate(this);
      return;
    }
    if (dispatcher == null) {
      hub.handle(this, payload);
    } else {
      dispatcher.execute(
          () -> {
            // Checked again: a close decided while the message waited for the executor stops it.
            if (closing == null) {
              hub.handle(this, payload);
            }
          });
    }
  }

  void ponged() {
    long now = hub.now();
    Timings timings = hub.timings();
    long sent = pingSentAt;
    // The first answer to a ping: a pong after another inbound frame would time that frame too.
    if (timings != null && sent > lastSeen) {
      timings.pinged(now - sent);
    }
    lastSeen = now;
  }

  void ended(int code, String reason, boolean remote) {
    int previous = markRemoved();
    if (previous < 0) {
      return;
    }
    CloseStatus decided = closing;
    CloseStatus status =
        decided != null
            ? decided
            : new CloseStatus(code, reason, remote ? CloseCause.PEER : CloseReasons.causeOf(code));
    hub.unregister(this, status, wasReady(previous));
  }

  void failed(Throwable error) {
    hub.report(this, error);
  }

  /** Decides the close once; returns the status, or null if another close came first. */
  private @Nullable CloseStatus decide(CloseCause cause, int code, String reason) {
    if (closing != null) {
      return null;
    }
    CloseStatus status = new CloseStatus(code, CloseReasons.fit(reason), cause);
    // Written before the status, so that the sweep never sees a close without its start time.
    closingSince = hub.now();
    return CLOSING.compareAndSet(this, null, status) ? status : null;
  }

  @Override
  public String toString() {
    return "Connection[" + id + ", client " + admission.clientId() + "]";
  }
}
