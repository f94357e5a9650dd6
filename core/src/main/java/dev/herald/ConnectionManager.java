package dev.herald;

import dev.herald.spi.Broker;
import dev.herald.spi.ClientProtocol;
import dev.herald.spi.ClusterRegistry;
import dev.herald.spi.Codec;
import dev.herald.spi.Connector;
import dev.herald.spi.History;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the WebSocket connections of one node and addresses them by connection, by client, by
 * topic, or all at once, on this node and, through a {@link Broker}, across a cluster.
 *
 * <p>A transport adapter hands connections in through {@link #connector()}; the application sends
 * through the methods here or through a {@link Connection}, and hears about connections through its
 * {@link ConnectionListener}. The policies given to the builder protect the process: heartbeats
 * close dead peers, a bounded queue per connection stops slow readers, inbound limits stop floods,
 * admission limits stop who may not connect. Each limit that closes a connection names itself in
 * the close reason, in {@link #stats()} and in one WARN log line.
 *
 * <p>This class is thread-safe. Every method except {@link #shutdown} returns without waiting on
 * the network: a send queues the message for each target and returns. A broadcast or publish
 * encodes the message once per protocol and frames it once; every target gets the same bytes.
 *
 * @param <T> the application's message type
 */
public final class ConnectionManager<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  // RFC 6455 subprotocol names are RFC 2616 tokens.
  private static final Pattern SUBPROTOCOL = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final int DEFAULT_MAX_SUBSCRIPTIONS = 128;

  private final Hub<T> hub;
  private final Connector connector;
  private final Scheduler scheduler;
  private final boolean ownsScheduler;
  private final HeartbeatSweep<T> sweep;
  private final @Nullable T applicationPing;
  private final @Nullable BiFunction<Connection<T>, Duration, T> farewell;
  private final Duration farewellSpread;
  private final AutoCloseable sweepTask;
  private final @Nullable History history;
  private final boolean ownsHistory;
  private final @Nullable ExecutorService recoveryExecutor;

  private ConnectionManager(Builder<T> builder, Codec<T> codec) {
    List<@Nullable ClientProtocol> framings = new ArrayList<>();
    for (String name : builder.protocols.keySet()) {
      framings.add(builder.framings.get(name));
    }
    Protocols<T> protocols =
        new Protocols<>(
            codec,
            List.copyOf(builder.protocols.keySet()),
            List.copyOf(builder.protocols.values()),
            framings);
    this.ownsScheduler = builder.scheduler == null;
    this.scheduler = builder.scheduler != null ? builder.scheduler : Scheduler.system();
    HistoryPolicy historyPolicy = builder.historyPolicy;
    this.ownsHistory = builder.history == null && historyPolicy.keepsAny();
    this.history =
        builder.history != null
            ? builder.history
            : historyPolicy.keepsAny()
                ? new MemoryHistory(scheduler, historyPolicy.maxBytes())
                : null;
    this.recoveryExecutor =
        history == null
            ? null
            : Executors.newSingleThreadExecutor(
                task -> {
                  Thread thread = new Thread(task, "herald-recovery");
                  thread.setDaemon(true);
                  return thread;
                });
    this.applicationPing = builder.applicationPing;
    this.farewell = builder.farewell;
    this.farewellSpread = builder.farewellSpread;
    ConnectionListener<T> listener =
        Objects.requireNonNull(builder.listener.apply(this), "the listener factory returned null");
    this.hub =
        new Hub<>(
            builder.nodeId != null ? builder.nodeId : randomNodeId(),
            randomIncarnation(),
            protocols,
            listener,
            builder.executor,
            builder.inbound,
            builder.outbound,
            scheduler,
            builder.decodeErrorReply,
            builder.broker,
            builder.registry,
            history,
            historyPolicy,
            recoveryExecutor,
            builder.authorizer,
            builder.maxSubscriptions,
            builder.heartbeat.enabled() ? builder.heartbeat.interval().toMillis() : 0,
            builder.timings);
    this.connector =
        new ManagerConnector<>(hub, builder.admission, builder.handshake, builder.authenticator);
    HeartbeatPolicy heartbeat = builder.heartbeat;
    this.sweep =
        new HeartbeatSweep<>(
            heartbeat, (heartbeat.enabled() ? heartbeat.timeout() : CLOSE_TIMEOUT).toNanos());
    this.sweepTask = start(builder.broker, builder.registry);
  }

  /** Returns a builder of a manager that encodes messages with {@code codec}. */
  public static <T> Builder<T> builder(Codec<T> codec) {
    return new Builder<>(Objects.requireNonNull(codec, "codec"), null);
  }

  /**
   * Returns a builder of a manager for messages of {@code type}, whose codec {@link
   * Builder#build()} resolves from the built-in codecs ({@code String} as text frames, {@code
   * byte[]} and {@code ByteBuffer} as binary frames), then from the factories added with {@link
   * Builder#codecFactory}.
   */
  public static <T> Builder<T> builder(Class<T> type) {
    return new Builder<>(null, Objects.requireNonNull(type, "type"));
  }

  /** Returns the id of this node, the prefix of every connection id it hands out. */
  public String nodeId() {
    return hub.nodeId();
  }

  /**
   * Returns what tells this start of the node from every other: eight random characters of {@code
   * 0-9 a-z}, after the node id in every connection id ({@code <node>.<incarnation>.<n>}), so that
   * connection ids are unique in the cluster across restarts.
   */
  public String incarnation() {
    return hub.incarnation();
  }

  /**
   * Returns the entry point through which a transport adapter hands connections to this manager.
   */
  public Connector connector() {
    return connector;
  }

  /** Returns the connection with id {@code connectionId} if it is open on this node. */
  public Optional<Connection<T>> connection(String connectionId) {
    return Optional.ofNullable(hub.connections().get(connectionId));
  }

  /** Returns a snapshot of the open connections of {@code clientId} on this node. */
  public Set<Connection<T>> connectionsOf(String clientId) {
    return hub.connections().ofClient(clientId).stream()
        .filter(ManagedConnection::isReady)
        .collect(Collectors.toUnmodifiableSet());
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
    return hub.sendTo(connectionId, message, delivery);
  }

  /** Sends {@code message} to every connection of a client; see the overload with a delivery. */
  public int sendToClient(String clientId, T message) {
    return sendToClient(clientId, message, Delivery.STANDARD);
  }

  /**
   * Sends {@code message} to every connection of {@code clientId} across the cluster: here at once,
   * and through the broker to the other nodes that hold the client, and only those, with no lookup
   * first.
   *
   * @return the number of connections on this node it was queued for
   * @throws CodecException if the message cannot be encoded
   */
  public int sendToClient(String clientId, T message, Delivery delivery) {
    return hub.sendToClient(clientId, message, delivery);
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
    return hub.broadcast(message, exceptConnectionId, delivery);
  }

  /**
   * Adds a connection of this node to {@code topic}; see {@link Connection#join}.
   *
   * @return false if the connection is not open on this node
   */
  public boolean join(String connectionId, String topic) {
    ManagedConnection<T> connection = hub.connections().get(connectionId);
    return connection != null && connection.join(topic);
  }

  /**
   * Removes a connection of this node from {@code topic}. Idempotent.
   *
   * @return true if the connection was a member
   */
  public boolean leave(String connectionId, String topic) {
    ManagedConnection<T> connection = hub.connections().get(connectionId);
    return connection != null && connection.leave(topic);
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
    return hub.publish(
        Objects.requireNonNull(topic, "topic"), message, exceptConnectionId, delivery);
  }

  /**
   * Closes a connection of this node; see {@link Connection#close}.
   *
   * @return false if the connection is not open on this node
   * @throws IllegalArgumentException if {@code code} is not one a server may send
   */
  public boolean close(String connectionId, int code, String reason) {
    CloseReasons.checkSendable(code);
    ManagedConnection<T> connection = hub.connections().get(connectionId);
    return connection != null && connection.close(code, reason);
  }

  /**
   * Closes every connection of {@code clientId} on every node with {@code code} and {@code reason}:
   * here at once, elsewhere when the broker's control arrives (a few milliseconds). Connections
   * that open after the control arrived are not affected.
   *
   * @return the number of connections closed on this node
   * @throws IllegalArgumentException if {@code code} is not one a server may send
   */
  public int disconnectClient(String clientId, int code, String reason) {
    CloseReasons.checkSendable(code);
    return hub.disconnectClient(
        Objects.requireNonNull(clientId, "clientId"), code, Objects.requireNonNull(reason));
  }

  /**
   * Adds every open connection of {@code clientId}, on every node, to {@code topic}, as {@link
   * #disconnectClient} reaches them. Idempotent.
   *
   * @return the number of connections on this node that joined
   */
  public int joinClient(String clientId, String topic) {
    return hub.joinClient(
        Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(topic, "topic"));
  }

  /**
   * Removes every connection of {@code clientId}, on every node, from {@code topic}. Idempotent.
   *
   * @return the number of connections on this node that were members
   */
  public int leaveClient(String clientId, String topic) {
    return hub.leaveClient(
        Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(topic, "topic"));
  }

  /**
   * Lists the open connections of {@code clientId} on every node: id, node, when it connected and
   * the topics it joined. Completes once every node the registry says holds the client has replied,
   * or after {@code timeout} with the replies that came (a node that died meanwhile is missing).
   * Never blocks the caller; costs one control message and a registry lookup.
   */
  public CompletionStage<List<ConnectionInfo>> fetchConnections(String clientId, Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout < 0: " + timeout);
    }
    return hub.fetchConnections(Objects.requireNonNull(clientId, "clientId"), timeout);
  }

  /**
   * Returns whether this manager is draining: it stopped admitting connections because it is
   * shutting down. A readiness probe should report the node unready from then on.
   */
  public boolean isDraining() {
    return hub.isDraining();
  }

  /**
   * Drains this node: stops admitting at once, sends each connection the farewell message if the
   * builder has one, closes every connection with 1001 after what is queued for it, and waits until
   * all have ended or {@code grace} ran out; then drops the rest. Blocks the calling thread for at
   * most {@code grace}. Idempotent.
   *
   * <p>A scheduler, broker or registry given to the builder is left running: its owner stops it.
   * The servers the transports run are left running too: stop them after this returns.
   *
   * @return true if every connection ended within {@code grace}
   */
  public boolean shutdown(Duration grace) {
    boolean clean = hub.drain(System.nanoTime() + grace.toNanos(), this::sendFarewell);
    try {
      sweepTask.close();
    } catch (Exception e) {
      log.warn("Could not stop the heartbeat sweep", e);
    }
    stopHistory();
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
        hub.connections().ready(),
        hub.connections().topicSizes(),
        hub.counters,
        hub.brokerState(),
        hub.recovery());
  }

  /**
   * Returns the number of connections on all live nodes, as the registry last knew it. Answers from
   * memory, without a network round trip.
   */
  public long clusterConnections() {
    return hub.clusterConnections();
  }

  /** Returns the ids of the live nodes of the cluster, this one included, from memory. */
  public Set<String> liveNodes() {
    return hub.liveNodes();
  }

  /**
   * Returns the ids of the nodes that hold connections of {@code clientId}; empty if the client is
   * offline. Completes without blocking the caller.
   */
  public CompletionStage<Set<String>> nodesOf(String clientId) {
    return hub.nodesOf(clientId);
  }

  /**
   * Starts the registry, the broker and the sweep, in that order. If one fails, those started are
   * stopped again and the error names the one that failed.
   */
  private AutoCloseable start(@Nullable Broker broker, @Nullable ClusterRegistry registry) {
    String starting = "the registry";
    boolean registryStarted = false;
    boolean brokerStarted = false;
    try {
      if (registry != null) {
        registry.start(hub.nodeId(), hub.incarnation());
        registryStarted = true;
      }
      starting = "the broker";
      if (broker != null) {
        broker.start(hub.nodeId(), new BrokerReceiver<>(hub));
        brokerStarted = true;
      }
      starting = "the history";
      Recovery<T> recovery = hub.recovery();
      if (recovery != null) {
        recovery.history().start(hub.nodeId(), recovery);
      }
      starting = "the heartbeat sweep";
      return scheduler.repeat(sweep.tick(), this::sweep);
    } catch (RuntimeException e) {
      if (brokerStarted && broker != null) {
        broker.close();
      }
      if (registryStarted && registry != null) {
        registry.close();
      }
      stopHistory();
      if (ownsScheduler) {
        ((SystemScheduler) scheduler).shutdown();
      }
      throw new HeraldException("could not start " + starting + ": " + e.getMessage(), e);
    }
  }

  private void sweep() {
    try {
      long now = hub.now();
      Outgoing<T> ping =
          applicationPing == null ? null : new Outgoing<>(applicationPing, hub.protocols());
      for (ManagedConnection<T> connection : hub.connections().all()) {
        sweep.visit(connection, now, ping);
      }
    } catch (RuntimeException e) {
      // The sweep must survive anything one connection throws, or heartbeats stop for all.
      log.warn("Heartbeat sweep failed", e);
    }
  }

  private void stopHistory() {
    if (recoveryExecutor != null) {
      recoveryExecutor.shutdownNow();
    }
    if (ownsHistory && history != null) {
      history.close();
    }
  }

  private void sendFarewell(ManagedConnection<T> connection) {
    if (!connection.isOpen()) {
      return;
    }
    Duration reconnectAfter =
        Duration.ofMillis(ThreadLocalRandom.current().nextLong(farewellSpread.toMillis() + 1));
    ClientSession<T> session = connection.session();
    BiFunction<Connection<T>, Duration, T> message = farewell;
    if (session != null) {
      // The protocol has its own farewell: the disconnect frame, with the delay in it.
      session.farewell(1001, "server shutting down", reconnectAfter.toMillis());
    } else if (message != null) {
      connection.deliver(
          new Outgoing<>(message.apply(connection, reconnectAfter), hub.protocols()),
          Delivery.CONTROL);
    }
  }

  private static String randomNodeId() {
    return Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  }

  private static String randomIncarnation() {
    // 36^7 <= n < 36^8: always eight characters.
    long low = 78_364_164_096L;
    return Long.toString(ThreadLocalRandom.current().nextLong(low, low * 36), 36);
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
    private Function<? super ConnectionManager<T>, ? extends ConnectionListener<T>> listener =
        manager -> new ConnectionListener<>() {};
    private @Nullable Executor executor;
    private Authenticator authenticator = Authenticator.anonymous();
    private HeartbeatPolicy heartbeat = HeartbeatPolicy.defaults();
    private InboundPolicy inbound = InboundPolicy.defaults();
    private OutboundPolicy outbound = OutboundPolicy.defaults();
    private AdmissionPolicy admission = AdmissionPolicy.defaults();
    private HandshakePolicy handshake = HandshakePolicy.defaults();
    private @Nullable Scheduler scheduler;
    private @Nullable T applicationPing;
    private @Nullable Function<CodecException, T> decodeErrorReply;
    private @Nullable BiFunction<Connection<T>, Duration, T> farewell;
    private Duration farewellSpread = Duration.ZERO;
    private final Map<String, Codec<T>> protocols = new LinkedHashMap<>();
    private final Map<String, ClientProtocol> framings = new LinkedHashMap<>();
    private HistoryPolicy historyPolicy = HistoryPolicy.none();
    private @Nullable History history;
    private TopicAuthorizer authorizer = TopicAuthorizer.subscribeOnly();
    private int maxSubscriptions = DEFAULT_MAX_SUBSCRIPTIONS;
    private @Nullable String nodeId;
    private @Nullable Broker broker;
    private @Nullable ClusterRegistry registry;
    private @Nullable Timings timings;

    private Builder(@Nullable Codec<T> codec, @Nullable Type type) {
      this.codec = codec;
      this.type = type;
    }

    /** Sets who hears about connections and their messages. Default: nobody. */
    public Builder<T> listener(ConnectionListener<T> listener) {
      Objects.requireNonNull(listener, "listener");
      this.listener = manager -> listener;
      return this;
    }

    /**
     * Sets who hears about connections and their messages, made for the manager being built, so
     * that it can broadcast, publish and look connections up: {@code .listener(ChatListener::new)}
     * with a constructor that takes the manager. {@link #build()} calls {@code factory} once,
     * before anything starts; the listener may keep the manager but must not call it from its
     * constructor.
     */
    public Builder<T> listener(
        Function<? super ConnectionManager<T>, ? extends ConnectionListener<T>> factory) {
      this.listener = Objects.requireNonNull(factory, "factory");
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

    /**
     * Sets the limits on the HTTP upgrade request and the time it may take, which the transport
     * enforces. Default: {@link HandshakePolicy#defaults()}.
     */
    public Builder<T> handshake(HandshakePolicy handshake) {
      this.handshake = Objects.requireNonNull(handshake, "handshake");
      return this;
    }

    /** Sets the limits on what peers may send. Default: {@link InboundPolicy#defaults()}. */
    public Builder<T> inbound(InboundPolicy inbound) {
      this.inbound = Objects.requireNonNull(inbound, "inbound");
      return this;
    }

    /**
     * Sets the message sent back for a message the codec cannot decode, when the inbound policy
     * replies. Default: none (the error still reaches {@link ConnectionListener#onError}). The
     * reply is the application's: it should not repeat the exception's text, which may name the
     * application's classes.
     */
    public Builder<T> decodeErrorReply(Function<CodecException, T> reply) {
      this.decodeErrorReply = Objects.requireNonNull(reply, "reply");
      return this;
    }

    /**
     * Sets the bound on each connection's send queue. Default: {@link OutboundPolicy#defaults()}.
     */
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
    public Builder<T> farewell(BiFunction<Connection<T>, Duration, T> message, Duration spread) {
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

    /**
     * Sets the broker that reaches other nodes; {@link #build()} starts it. Default: none, a single
     * node.
     */
    public Builder<T> broker(Broker broker) {
      this.broker = Objects.requireNonNull(broker, "broker");
      return this;
    }

    /**
     * Sets the registry of which node holds which client; {@link #build()} starts it. Default:
     * none, a single node.
     */
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
     * Serves clients that ask for the Herald client protocol {@code protocol} ({@code
     * docs/protocol.md}), such as {@code herald.v1.json}: subscriptions, positioned publications
     * and recovery, with the application's messages encoded by {@code codec}, whose payloads must
     * be values of the protocol's encoding (JSON text for JSON, MessagePack for MessagePack).
     * Preferred, like the other subprotocols, in the order added.
     */
    public Builder<T> clientProtocol(ClientProtocol protocol, Codec<T> codec) {
      protocol(protocol.name(), codec);
      framings.put(protocol.name(), protocol);
      return this;
    }

    /**
     * Keeps a history of the topics {@code policy} names, in this node's memory: for a single node.
     * A cluster needs a shared history: see {@link #history(HistoryPolicy, History)}.
     */
    public Builder<T> history(HistoryPolicy policy) {
      this.historyPolicy = Objects.requireNonNull(policy, "policy");
      this.history = null;
      return this;
    }

    /**
     * Keeps a history of the topics {@code policy} names in {@code history}, which {@link #build()}
     * starts and the caller stops after the manager shut down.
     */
    public Builder<T> history(HistoryPolicy policy, History history) {
      this.historyPolicy = Objects.requireNonNull(policy, "policy");
      this.history = Objects.requireNonNull(history, "history");
      return this;
    }

    /**
     * Sets who decides which topics clients of the Herald protocol may subscribe and publish to.
     * Default: {@link TopicAuthorizer#subscribeOnly()}.
     */
    public Builder<T> topicAuthorizer(TopicAuthorizer authorizer) {
      this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
      return this;
    }

    /**
     * Sets how many topics one connection of the Herald protocol may subscribe to; more are refused
     * with {@code too_many_subscriptions}. Default: 128.
     */
    public Builder<T> maxSubscriptions(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("max < 1: " + max);
      }
      this.maxSubscriptions = max;
      return this;
    }

    /**
     * Reports what the manager times to {@code timings}: queue waits, fan-outs, ping round trips,
     * broker publishes. Default: nothing is timed.
     */
    public Builder<T> timings(Timings timings) {
      this.timings = Objects.requireNonNull(timings, "timings");
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
     * Builds the manager and starts its registry, its broker and its heartbeat sweep.
     *
     * @throws IllegalStateException if no factory has a codec for the message type
     * @throws HeraldException if the registry, the broker or the sweep fails to start; what had
     *     started is stopped again
     */
    public ConnectionManager<T> build() {
      if (broker != null && history == null && historyPolicy.keepsAny()) {
        throw new IllegalStateException(
            "an in-memory history serves one node: with a broker, give a shared History");
      }
      return new ConnectionManager<>(this, resolveCodec());
    }

    @SuppressWarnings("unchecked")
    private Codec<T> resolveCodec() {
      if (codec != null) {
        return codec;
      }
      for (Codec.Factory factory : factories) {
        Codec<?> found = factory.create(Objects.requireNonNull(type));
        if (found != null) {
          return (Codec<T>) found;
        }
      }
      throw new IllegalStateException("no codec for " + type + " among " + factories);
    }
  }
}
