package dev.herald;

import dev.herald.spi.Broker;
import dev.herald.spi.ClusterRegistry;
import dev.herald.spi.Codec;
import dev.herald.spi.Connector;
import dev.herald.spi.Envelope;
import dev.herald.spi.LocalBroker;
import dev.herald.spi.LocalRegistry;
import dev.herald.spi.Payload;
import dev.herald.spi.Transport;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the WebSocket connections of one node and addresses them by connection, by client, by
 * topic, or all at once, on this node and, through a {@link Broker}, across a cluster.
 *
 * <p>A transport adapter hands connections in through {@link #connector()}; the application sends
 * through the methods here and hears about connections through its {@link ConnectionListener}.
 * The policies given to the builder protect the process: heartbeats close dead peers, a bounded
 * queue per connection stops slow readers, inbound limits stop floods, admission limits stop who
 * may not connect. Each limit that closes a connection names itself in the close reason, in {@link
 * #stats()} and in one WARN log line.
 *
 * <p>This class is thread-safe. Every method except {@link #shutdown} returns without waiting on
 * the network: a send queues the message for each target and returns. A broadcast or publish
 * encodes the message once and frames it once; every target gets the same bytes.
 *
 * @param <T> the application's message type
 */
public final class ConnectionManager<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  // RFC 6455 subprotocol names are RFC 2616 tokens.
  private static final Pattern SUBPROTOCOL = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  final Counters counters = new Counters();
  private final String nodeId;
  private final List<Codec<T>> codecs;
  private final List<String> subprotocols;
  private final ConnectionListener<T> listener;
  private final @Nullable Executor executor;
  private final Authenticator authenticator;
  private final InboundPolicy inbound;
  private final OutboundPolicy outbound;
  private final Scheduler scheduler;
  private final boolean ownsScheduler;
  private final @Nullable T applicationPing;
  private final @Nullable Function<CodecException, T> decodeErrorReply;
  private final @Nullable BiFunction<Connection, Duration, T> farewell;
  private final Duration farewellSpread;
  private final Broker broker;
  private final ClusterRegistry registry;
  // LocalBroker reaches no other node: skip building envelopes and looking up nodes for it.
  private final boolean distributed;
  private final LocalConnections<T> connections;
  private final HeartbeatSweep<T> sweep;
  private final AutoCloseable sweepTask;
  private final Connector connector;
  private final AtomicLong sequence = new AtomicLong();
  private final Object drained = new Object();
  private volatile boolean draining;

  private ConnectionManager(Builder<T> builder, Codec<T> codec) {
    this.nodeId = builder.nodeId != null ? builder.nodeId : randomNodeId();
    List<Codec<T>> all = new ArrayList<>();
    all.add(codec);
    all.addAll(builder.protocols.values());
    this.codecs = List.copyOf(all);
    this.subprotocols = List.copyOf(builder.protocols.keySet());
    this.listener = builder.listener;
    this.executor = builder.executor;
    this.authenticator = builder.authenticator;
    this.inbound = builder.inbound;
    this.outbound = builder.outbound;
    this.ownsScheduler = builder.scheduler == null;
    this.scheduler = ownsScheduler ? Scheduler.system() : builder.scheduler;
    this.applicationPing = builder.applicationPing;
    this.decodeErrorReply = builder.decodeErrorReply;
    this.farewell = builder.farewell;
    this.farewellSpread = builder.farewellSpread;
    this.broker = builder.broker;
    this.registry = builder.registry;
    this.distributed = !(broker instanceof LocalBroker);
    this.connections = new LocalConnections<>(broker::interestChanged);
    this.connector = new ManagerConnector<>(this, builder.admission);
    long closeTimeout =
        (builder.heartbeat.enabled() ? builder.heartbeat.timeout() : CLOSE_TIMEOUT).toNanos();
    this.sweep = new HeartbeatSweep<>(builder.heartbeat, closeTimeout);
    registry.start(nodeId);
    broker.start(nodeId, new BrokerReceiver<>(this));
    this.sweepTask = scheduler.repeat(sweep.tick(), this::sweep);
  }

  /** Returns a builder of a manager that encodes messages with {@code codec}. */
  public static <T> Builder<T> builder(Codec<T> codec) {
    return new Builder<>(Objects.requireNonNull(codec, "codec"), null);
  }

  /**
   * Returns a builder of a manager for messages of {@code type}, whose codec {@link
   * Builder#build()} resolves from the built-in codecs, then from the factories added with {@link
   * Builder#codecFactory}.
   */
  public static <T> Builder<T> builder(Class<T> type) {
    return new Builder<>(null, Objects.requireNonNull(type, "type"));
  }

  /** Returns the id of this node, the prefix of every connection id it hands out. */
  public String nodeId() {
    return nodeId;
  }

  /** Returns the entry point through which a transport adapter hands connections to this manager. */
  public Connector connector() {
    return connector;
  }

  /** Returns the connection with id {@code connectionId} if it is open on this node. */
  public Optional<Connection> connection(String connectionId) {
    return Optional.ofNullable(connections.get(connectionId));
  }

  /** Returns a snapshot of the connections of {@code clientId} on this node. */
  public Set<Connection> connectionsOf(String clientId) {
    return Set.copyOf(connections.ofClient(clientId));
  }

  /** Sends {@code message} to one connection; see {@link #sendTo(String, Object, Delivery)}. */
  public boolean sendTo(String connectionId, T message) {
    return sendTo(connectionId, message, Delivery.STANDARD);
  }

  /**
   * Sends {@code message} to one connection, on whichever node holds it. Messages one thread sends
   * to one connection arrive in the order sent.
   *
   * @return true if the message was queued here or handed to the broker for another node; false if
   *     the connection is closed or unknown on this node, or its queue was full (counted in {@link
   *     Stats#drops()})
   * @throws CodecException if the message cannot be encoded
   */
  public boolean sendTo(String connectionId, T message, Delivery delivery) {
    ManagedConnection<T> target = connections.get(connectionId);
    if (target != null) {
      return target.deliver(new Outgoing<>(message, codecs), delivery);
    }
    String node = nodeOf(connectionId);
    if (!distributed || node == null || node.equals(nodeId)) {
      counters.dropped(DropReason.UNKNOWN_CONNECTION);
      return false;
    }
    broker.publish(
        envelope(
            Envelope.Kind.CONNECTION,
            connectionId,
            node,
            null,
            new Outgoing<>(message, codecs).allPayloads()));
    return true;
  }

  /** Sends {@code message} to every connection of a client; see the overload with a delivery. */
  public int sendToClient(String clientId, T message) {
    return sendToClient(clientId, message, Delivery.STANDARD);
  }

  /**
   * Sends {@code message} to every connection of {@code clientId} across the cluster: here at once,
   * and through the broker to the nodes the registry says hold the client, and only those.
   *
   * @return the number of connections on this node it was queued for
   * @throws CodecException if the message cannot be encoded
   */
  public int sendToClient(String clientId, T message, Delivery delivery) {
    Outgoing<T> outgoing = new Outgoing<>(message, codecs);
    int delivered = deliver(connections.ofClient(clientId), outgoing, null, delivery);
    if (distributed) {
      List<Payload> payloads = outgoing.allPayloads();
      registry
          .nodesOf(clientId)
          .thenAccept(
              nodes -> {
                for (String node : nodes) {
                  if (!node.equals(nodeId)) {
                    broker.publish(envelope(Envelope.Kind.CLIENT, clientId, node, null, payloads));
                  }
                }
              });
    }
    return delivered;
  }

  /** Sends {@code message} to every connection on every node, once each. */
  public int broadcast(T message) {
    return broadcast(message, null, Delivery.STANDARD);
  }

  /** Sends {@code message} to every connection on every node except one. */
  public int broadcast(T message, @Nullable String exceptConnectionId) {
    return broadcast(message, exceptConnectionId, Delivery.STANDARD);
  }

  /**
   * Sends {@code message} to every connection on every node except {@code exceptConnectionId}.
   *
   * @return the number of connections on this node it was queued for
   * @throws CodecException if the message cannot be encoded
   */
  public int broadcast(T message, @Nullable String exceptConnectionId, Delivery delivery) {
    Outgoing<T> outgoing = new Outgoing<>(message, codecs);
    int delivered = deliver(connections.all(), outgoing, exceptConnectionId, delivery);
    if (distributed) {
      broker.publish(
          envelope(Envelope.Kind.ALL, "", null, exceptConnectionId, outgoing.allPayloads()));
    }
    return delivered;
  }

  /**
   * Adds a connection of this node to {@code topic}. Idempotent; a connection leaves its topics
   * when it closes.
   *
   * @return false if the connection is not open on this node
   */
  public boolean join(String connectionId, String topic) {
    Objects.requireNonNull(topic, "topic");
    ManagedConnection<T> connection = connections.get(connectionId);
    return connection != null && connection.isOpen() && connections.join(connection, topic);
  }

  /**
   * Removes a connection of this node from {@code topic}. Idempotent.
   *
   * @return true if the connection was a member
   */
  public boolean leave(String connectionId, String topic) {
    ManagedConnection<T> connection = connections.get(connectionId);
    return connection != null && connections.leave(connection, topic);
  }

  /** Sends {@code message} to every member of {@code topic}, on every node. */
  public int publish(String topic, T message) {
    return publish(topic, message, null, Delivery.STANDARD);
  }

  /** Sends {@code message} to every member of {@code topic}, on every node, except one. */
  public int publish(String topic, T message, @Nullable String exceptConnectionId) {
    return publish(topic, message, exceptConnectionId, Delivery.STANDARD);
  }

  /**
   * Sends {@code message} to every connection that joined {@code topic}, on every node, except
   * {@code exceptConnectionId}.
   *
   * @return the number of connections on this node it was queued for
   * @throws CodecException if the message cannot be encoded
   */
  public int publish(
      String topic, T message, @Nullable String exceptConnectionId, Delivery delivery) {
    Outgoing<T> outgoing = new Outgoing<>(message, codecs);
    int delivered = deliver(connections.inTopic(topic), outgoing, exceptConnectionId, delivery);
    if (distributed) {
      broker.publish(
          envelope(Envelope.Kind.TOPIC, topic, null, exceptConnectionId, outgoing.allPayloads()));
    }
    return delivered;
  }

  /**
   * Closes a connection of this node: what was queued before is still sent, then a close frame.
   * If the peer does not complete the close within the heartbeat timeout (10 s without
   * heartbeats), its socket is dropped. The listener hears {@code onClose} when it has ended.
   *
   * @param code a close code a server may send: 1000-1003, 1007-1014 or 3000-4999
   * @param reason a reason for the peer; cut to the 123 bytes a close frame holds
   * @return false if the connection is not open on this node
   */
  public boolean close(String connectionId, int code, String reason) {
    if (!CloseReasons.sendable(code)) {
      throw new IllegalArgumentException("not a close code a server may send: " + code);
    }
    ManagedConnection<T> connection = connections.get(connectionId);
    return connection != null && connection.close(CloseCause.APPLICATION, code, reason);
  }

  /**
   * Returns whether this manager is draining: it stopped admitting connections because it is
   * shutting down. A readiness probe should report the node unready from then on.
   */
  public boolean isDraining() {
    return draining;
  }

  /**
   * Drains this node: stops admitting at once, sends each connection the farewell message if the
   * builder has one, closes every connection with 1001 after what is queued for it, and waits
   * until all have ended or {@code grace} ran out; then drops the rest. Blocks the calling thread
   * for at most {@code grace}. Idempotent.
   *
   * <p>A scheduler, broker or registry given to the builder is left running: its owner stops it.
   *
   * @return true if every connection ended within {@code grace}
   */
  public boolean shutdown(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    draining = true;
    int open = connections.size();
    if (open > 0) {
      log.info("Draining {} connections, grace {}", open, grace);
    }
    for (ManagedConnection<T> connection : connections.all()) {
      if (farewell != null && connection.isOpen()) {
        Duration reconnectAfter =
            Duration.ofMillis(ThreadLocalRandom.current().nextLong(farewellSpread.toMillis() + 1));
        connection.deliver(
            new Outgoing<>(farewell.apply(connection, reconnectAfter), codecs), Delivery.CONTROL);
      }
      connection.close(CloseCause.SHUTDOWN, 1001, "server shutting down");
    }
    boolean clean = awaitNoConnections(deadline);
    if (!clean) {
      log.warn("Shutdown grace {} ran out: dropping {} connections", grace, connections.size());
      for (ManagedConnection<T> connection : connections.all()) {
        connection.abort();
      }
      // A transport that does not report the abort must not keep the connection registered.
      for (ManagedConnection<T> connection : connections.all()) {
        connection.onClose(1006, "shutdown grace ran out", false);
      }
    }
    closeQuietly(sweepTask);
    if (ownsScheduler) {
      ((SystemScheduler) scheduler).shutdown();
    }
    return clean;
  }

  /** Shuts down with a grace of five seconds. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5));
  }

  /** Returns a snapshot of this node's figures. */
  public Stats stats() {
    return new Stats(
        connections.size(),
        connections.topicSizes(),
        counters.messagesIn.sum(),
        counters.bytesIn.sum(),
        counters.messagesOut.sum(),
        counters.bytesOut.sum(),
        counters.drops(),
        counters.closes(),
        counters.rejections(),
        counters.handlerErrors.sum(),
        counters.gaps.sum(),
        counters.brokerReconnects.sum(),
        counters.brokerPublishFailures.sum());
  }

  /**
   * Returns the number of connections on all live nodes, as the registry last knew it. Answers
   * from memory, without a network round trip.
   */
  public long clusterConnections() {
    return registry.totalConnections();
  }

  /** Returns the ids of the live nodes of the cluster, this one included, from memory. */
  public Set<String> liveNodes() {
    return registry.liveNodes();
  }

  /**
   * Returns the ids of the nodes that hold connections of {@code clientId}; empty if the client is
   * offline. Completes without blocking the caller.
   */
  public CompletionStage<Set<String>> nodesOf(String clientId) {
    return registry.nodesOf(clientId);
  }

  long now() {
    return scheduler.nanoTime();
  }

  InboundPolicy inboundPolicy() {
    return inbound;
  }

  long outboundLimit() {
    return outbound.limit();
  }

  int connectionCount() {
    return connections.size();
  }

  boolean hasLocalMembers(String topic) {
    return connections.hasMembers(topic);
  }

  Admission authenticate(Handshake handshake) {
    return Objects.requireNonNull(authenticator.authenticate(handshake), "authenticator returned null");
  }

  List<String> subprotocols() {
    return subprotocols;
  }

  ManagedConnection<T> newConnection(
      Transport transport,
      Handshake handshake,
      Admission.Accepted admission,
      @Nullable String subprotocol) {
    int codec = subprotocol == null ? 0 : subprotocols.indexOf(subprotocol) + 1;
    long now = now();
    TokenBucket rate =
        inbound.messagesPerSecond() > 0
            ? new TokenBucket(inbound.messagesPerSecond(), inbound.burst(), now)
            : null;
    return new ManagedConnection<>(
        this,
        nodeId + "." + Long.toString(sequence.incrementAndGet(), 36),
        admission,
        handshake,
        transport,
        new OutboundQueue(transport, outbound, counters),
        executor == null ? null : new SerialExecutor(executor),
        rate,
        subprotocol,
        codec,
        now);
  }

  @Nullable RejectReason register(ManagedConnection<T> connection, int maxConnections, int maxPerClient) {
    RejectReason over = connections.add(connection, maxConnections, maxPerClient);
    if (over != null) {
      return over;
    }
    registry.added(connection);
    log.debug("Opened {}", connection);
    connection.dispatch(
        () -> {
          try {
            listener.onOpen(connection);
          } catch (Throwable e) {
            listenerFailed(connection, e);
          }
        });
    return null;
  }

  Admission.Rejected rejected(Handshake handshake, RejectReason reason, int status, String why) {
    Admission.Rejected rejection = Admission.reject(status, why);
    counters.rejected(reason);
    if (reason == RejectReason.AUTHENTICATION || reason == RejectReason.DRAINING) {
      log.debug("Refused handshake for {}: {} {}", handshake.path(), status, why);
    } else {
      log.warn("Refused handshake from {}: {} {}", handshake.remoteAddress(), status, why);
    }
    try {
      listener.onRejected(handshake, reason, rejection);
    } catch (Throwable e) {
      log.warn("ConnectionListener.onRejected threw", e);
    }
    return rejection;
  }

  void handle(ManagedConnection<T> connection, Payload payload) {
    T message;
    try {
      message = codecs.get(connection.codec()).decode(payload);
    } catch (RuntimeException e) {
      undecodable(
          connection,
          payload,
          e instanceof CodecException codecError
              ? codecError
              : new CodecException("decoding failed: " + e, e));
      return;
    }
    try {
      listener.onMessage(connection, message);
    } catch (Throwable e) {
      listenerFailed(connection, e);
    }
  }

  void overRate(ManagedConnection<T> connection) {
    counters.dropped(DropReason.RATE_LIMITED);
    if (inbound.overRate() == InboundPolicy.Action.CLOSE) {
      connection.close(
          CloseCause.RATE_LIMITED,
          1008,
          "rate limit: over " + inbound.messagesPerSecond() + " messages/s");
    }
  }

  void unregister(ManagedConnection<T> connection, CloseStatus status) {
    connections.remove(connection);
    registry.removed(connection);
    counters.closed(status.cause());
    switch (status.cause()) {
      case SLOW_CONSUMER, HEARTBEAT_TIMEOUT, RATE_LIMITED, UNDECODABLE -> log.warn(
          "Closed {}: {} {}", connection, status.code(), status.reason());
      case TOO_LARGE -> log.warn(
          "Closed {}: {} message over {} bytes", connection, status.code(), inbound.maxMessageSize());
      default -> log.debug(
          "Closed {}: {} {} ({})", connection, status.code(), status.reason(), status.cause());
    }
    connection.dispatch(
        () -> {
          try {
            listener.onClose(connection, status);
          } catch (Throwable e) {
            listenerFailed(connection, e);
          }
        });
    if (draining) {
      synchronized (drained) {
        drained.notifyAll();
      }
    }
  }

  void report(@Nullable Connection connection, Throwable error) {
    try {
      listener.onError(connection, error);
    } catch (Throwable e) {
      log.warn("ConnectionListener.onError threw while reporting {}", error, e);
    }
  }

  void deliverRemote(Envelope envelope) {
    Outgoing<T> outgoing = new Outgoing<>(envelope.payloads());
    switch (envelope.kind()) {
      case ALL -> deliver(connections.all(), outgoing, envelope.except(), Delivery.STANDARD);
      case TOPIC -> deliver(
          connections.inTopic(envelope.target()), outgoing, envelope.except(), Delivery.STANDARD);
      case CLIENT -> deliver(
          connections.ofClient(envelope.target()), outgoing, envelope.except(), Delivery.STANDARD);
      case CONNECTION -> {
        ManagedConnection<T> target = connections.get(envelope.target());
        if (target == null) {
          counters.dropped(DropReason.UNKNOWN_CONNECTION);
        } else {
          target.deliver(outgoing, Delivery.STANDARD);
        }
      }
    }
  }

  void gap(String originNode, long missed) {
    counters.gaps.add(missed);
    log.warn("Lost {} messages from node {} (broker gap)", missed, originNode);
    try {
      listener.onGap(originNode, missed);
    } catch (Throwable e) {
      log.warn("ConnectionListener.onGap threw", e);
    }
  }

  private void undecodable(ManagedConnection<T> connection, Payload payload, CodecException error) {
    counters.dropped(DropReason.UNDECODABLE);
    log.debug("Undecodable message from {}: {}", connection, error.getMessage());
    report(connection, error);
    switch (inbound.undecodable()) {
      case REPLY -> {
        if (decodeErrorReply != null) {
          connection.deliver(new Outgoing<>(decodeErrorReply.apply(error), codecs), Delivery.STANDARD);
        }
      }
      case CLOSE -> connection.close(
          CloseCause.UNDECODABLE,
          payload instanceof Payload.Text ? 1007 : 1003,
          "undecodable message: " + error.getMessage());
      case DROP -> {}
    }
  }

  private void sweep() {
    try {
      long now = now();
      Outgoing<T> ping = applicationPing == null ? null : new Outgoing<>(applicationPing, codecs);
      for (ManagedConnection<T> connection : connections.all()) {
        sweep.visit(connection, now, ping);
      }
    } catch (RuntimeException e) {
      // The sweep must survive anything one connection throws, or heartbeats stop for all.
      log.warn("Heartbeat sweep failed", e);
    }
  }

  private int deliver(
      Iterable<ManagedConnection<T>> targets,
      Outgoing<T> outgoing,
      @Nullable String except,
      Delivery delivery) {
    int delivered = 0;
    for (ManagedConnection<T> target : targets) {
      if (!target.id().equals(except) && target.deliver(outgoing, delivery)) {
        delivered++;
      }
    }
    return delivered;
  }

  private Envelope envelope(
      Envelope.Kind kind,
      String target,
      @Nullable String node,
      @Nullable String except,
      List<Payload> payloads) {
    return new Envelope(kind, target, node, except, payloads);
  }

  private boolean awaitNoConnections(long deadline) {
    synchronized (drained) {
      while (connections.size() > 0) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(drained, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void listenerFailed(Connection connection, Throwable error) {
    counters.handlerErrors.increment();
    log.debug("Listener failed on {}", connection, error);
    report(connection, error);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("Could not stop the heartbeat sweep", e);
    }
  }

  private static @Nullable String nodeOf(String connectionId) {
    int dot = connectionId.lastIndexOf('.');
    return dot > 0 ? connectionId.substring(0, dot) : null;
  }

  private static String randomNodeId() {
    return Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  }

  /**
   * Configures and builds a {@link ConnectionManager}. Each setter checks its argument at once.
   *
   * <p>Not thread-safe.
   *
   * @param <T> the application's message type
   */
  public static final class Builder<T> {
    private final @Nullable Codec<T> codec;
    private final @Nullable Type type;
    private final List<Codec.Factory> factories = new ArrayList<>(List.of(Codec.Factory.builtIn()));
    private ConnectionListener<T> listener = new ConnectionListener<>() {};
    private @Nullable Executor executor;
    private Authenticator authenticator = Authenticator.anonymous();
    private HeartbeatPolicy heartbeat = HeartbeatPolicy.defaults();
    private InboundPolicy inbound = InboundPolicy.defaults();
    private OutboundPolicy outbound = OutboundPolicy.defaults();
    private AdmissionPolicy admission = AdmissionPolicy.defaults();
    private @Nullable Scheduler scheduler;
    private @Nullable T applicationPing;
    private @Nullable Function<CodecException, T> decodeErrorReply;
    private @Nullable BiFunction<Connection, Duration, T> farewell;
    private Duration farewellSpread = Duration.ZERO;
    private final Map<String, Codec<T>> protocols = new LinkedHashMap<>();
    private @Nullable String nodeId;
    private Broker broker = LocalBroker.instance();
    private ClusterRegistry registry = new LocalRegistry();

    private Builder(@Nullable Codec<T> codec, @Nullable Type type) {
      this.codec = codec;
      this.type = type;
    }

    /** Sets who hears about connections and their messages. Default: nobody. */
    public Builder<T> listener(ConnectionListener<T> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Runs listener calls on {@code executor} instead of the transport's I/O thread, one at a time
     * and in order per connection. The caller owns the executor and shuts it down.
     */
    public Builder<T> executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Sets who decides whether to accept a handshake, and as which client. Default: anonymous. */
    public Builder<T> authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** Sets how dead peers are found. Default: {@link HeartbeatPolicy#defaults()}. */
    public Builder<T> heartbeat(HeartbeatPolicy heartbeat) {
      this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
      return this;
    }

    /**
     * Sends {@code ping} as an ordinary message instead of protocol pings, for deployments where a
     * proxy answers protocol pings on behalf of clients that are gone. Any message from the peer
     * counts as the answer, so the client should reply to it.
     */
    public Builder<T> applicationPing(T ping) {
      this.applicationPing = Objects.requireNonNull(ping, "ping");
      return this;
    }

    /** Sets the limits on what peers may send. Default: {@link InboundPolicy#defaults()}. */
    public Builder<T> inbound(InboundPolicy inbound) {
      this.inbound = Objects.requireNonNull(inbound, "inbound");
      return this;
    }

    /**
     * Sets the message sent back for a message the codec cannot decode, when the inbound policy
     * replies. Default: none (the error still reaches {@link ConnectionListener#onError}).
     */
    public Builder<T> decodeErrorReply(Function<CodecException, T> reply) {
      this.decodeErrorReply = Objects.requireNonNull(reply, "reply");
      return this;
    }

    /** Sets the bound on each connection's send queue. Default: {@link OutboundPolicy#defaults()}. */
    public Builder<T> outbound(OutboundPolicy outbound) {
      this.outbound = Objects.requireNonNull(outbound, "outbound");
      return this;
    }

    /** Sets who may connect. Default: {@link AdmissionPolicy#defaults()}, everyone. */
    public Builder<T> admission(AdmissionPolicy admission) {
      this.admission = Objects.requireNonNull(admission, "admission");
      return this;
    }

    /**
     * Sends each connection, when the manager shuts down, the message {@code message} makes from
     * the connection and a delay before it should reconnect, drawn at random from zero to {@code
     * spread} so that clients do not all come back at once.
     */
    public Builder<T> farewell(BiFunction<Connection, Duration, T> message, Duration spread) {
      if (spread.isNegative()) {
        throw new IllegalArgumentException("spread < 0: " + spread);
      }
      this.farewell = Objects.requireNonNull(message, "message");
      this.farewellSpread = spread;
      return this;
    }

    /**
     * Sets the clock and the thread of the heartbeat sweep. Default: {@link Scheduler#system()},
     * created by the manager and stopped on shutdown.
     */
    public Builder<T> scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets this node's id: 1-64 characters of {@code A-Z a-z 0-9 _ -}, unique in the cluster.
     * Default: random.
     */
    public Builder<T> nodeId(String nodeId) {
      if (!NODE_ID.matcher(nodeId).matches()) {
        throw new IllegalArgumentException("nodeId is not 1-64 of A-Z a-z 0-9 _ -: " + nodeId);
      }
      this.nodeId = nodeId;
      return this;
    }

    /** Sets the broker that reaches other nodes. Default: {@link LocalBroker}, a single node. */
    public Builder<T> broker(Broker broker) {
      this.broker = Objects.requireNonNull(broker, "broker");
      return this;
    }

    /** Sets the registry of which node holds which client. Default: {@link LocalRegistry}. */
    public Builder<T> registry(ClusterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Serves clients that ask for the WebSocket subprotocol {@code name} with {@code codec}, for
     * example {@code "msgpack"} with a MessagePack codec beside a JSON default. Clients that ask
     * for none of the added subprotocols get the builder's codec. Protocols are preferred in the
     * order added. A broadcast encodes once per protocol in use, not once per connection.
     */
    public Builder<T> protocol(String name, Codec<T> codec) {
      if (!SUBPROTOCOL.matcher(name).matches()) {
        throw new IllegalArgumentException("not a subprotocol token: " + name);
      }
      if (protocols.putIfAbsent(name, Objects.requireNonNull(codec, "codec")) != null) {
        throw new IllegalArgumentException("subprotocol added twice: " + name);
      }
      return this;
    }

    /**
     * Adds a codec factory, asked after the built-in codecs and the factories added before. Used
     * only by a builder made with {@link ConnectionManager#builder(Class)}.
     */
    public Builder<T> codecFactory(Codec.Factory factory) {
      factories.add(Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * Builds the manager and starts its broker, its registry and its heartbeat sweep.
     *
     * @throws IllegalStateException if no factory has a codec for the message type
     */
    public ConnectionManager<T> build() {
      return new ConnectionManager<>(this, resolveCodec());
    }

    @SuppressWarnings("unchecked")
    private Codec<T> resolveCodec() {
      if (codec != null) {
        return codec;
      }
      for (Codec.Factory factory : factories) {
        Codec<?> found = factory.create(type);
        if (found != null) {
          return (Codec<T>) found;
        }
      }
      throw new IllegalStateException("no codec for " + type + " among " + factories);
    }
  }
}
