package dev.herald;

import dev.herald.spi.Broker;
import dev.herald.spi.ClusterRegistry;
import dev.herald.spi.Control;
import dev.herald.spi.Envelope;
import dev.herald.spi.History;
import dev.herald.spi.Link;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.spi.ServerFrame;
import dev.herald.spi.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind one {@link ConnectionManager}: its connections, counters and policies; how a
 * connection is registered and ends, how what a peer sends reaches the application, and how what
 * the application sends reaches its targets, on this node and through the broker.
 *
 * <p>This class is thread-safe. It holds no lock while it encodes, sends, publishes or calls the
 * application.
 */
final class Hub<T> {
  private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);

  /** How often a peer's refused handshakes and failed accepts may each log a WARN. */
  private static final long WARN_INTERVAL = 10_000_000_000L;

  final Counters counters = new Counters();
  private final String nodeId;
  private final @Nullable Timings timings;
  private final String incarnation;
  private final Protocols<T> protocols;
  private final ConnectionListener<T> listener;
  private final @Nullable Executor executor;
  private final InboundPolicy inbound;
  private final OutboundPolicy outbound;
  private final Scheduler scheduler;
  private final @Nullable Function<CodecException, T> decodeErrorReply;
  private final @Nullable Broker broker;
  private final @Nullable ClusterRegistry registry;
  private final LocalConnections<T> connections;
  private final @Nullable Recovery<T> recovery;
  private final TopicAuthorizer authorizer;
  private final int maxSubscriptions;
  private final long pingMillis;
  private final WarnLimiter refusals;
  private final WarnLimiter acceptFailures;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final Map<Long, Listing> listings = new ConcurrentHashMap<>();
  private final Object drained = new Object();
  // Connections gone from the registry whose close is not counted yet: a drain that returned
  // between the two would leave a snapshot one close short.
  private final AtomicInteger unregistering = new AtomicInteger();
  private volatile boolean draining;
  private volatile BrokerState brokerState;

  Hub(
      String nodeId,
      String incarnation,
      Protocols<T> protocols,
      ConnectionListener<T> listener,
      @Nullable Executor executor,
      InboundPolicy inbound,
      OutboundPolicy outbound,
      Scheduler scheduler,
      @Nullable Function<CodecException, T> decodeErrorReply,
      @Nullable Broker broker,
      @Nullable ClusterRegistry registry,
      @Nullable History history,
      HistoryPolicy historyPolicy,
      @Nullable Executor recoveryExecutor,
      TopicAuthorizer authorizer,
      int maxSubscriptions,
      long pingMillis,
      @Nullable Timings timings) {
    this.nodeId = nodeId;
    this.timings = timings;
    this.incarnation = incarnation;
    this.protocols = protocols;
    this.authorizer = authorizer;
    this.maxSubscriptions = maxSubscriptions;
    this.pingMillis = pingMillis;
    this.listener = listener;
    this.executor = executor;
    this.inbound = inbound;
    this.outbound = outbound;
    this.scheduler = scheduler;
    this.decodeErrorReply = decodeErrorReply;
    this.broker = broker;
    this.registry = registry;
    this.brokerState = broker == null ? BrokerState.NONE : BrokerState.CONNECTING;
    Broker interested = broker;
    History kept = history;
    this.connections =
        new LocalConnections<>(
            topic -> {
              // The history carries the topics it keeps: the broker need not listen for them.
              if (interested != null && (kept == null || historyPolicy.retention(topic) == null)) {
                interested.interestChanged(topic);
              }
              if (kept != null) {
                kept.interestChanged(topic);
              }
            },
            interested == null ? client -> {} : interested::clientChanged);
    this.recovery =
        history == null
            ? null
            : new Recovery<>(
                history,
                historyPolicy,
                protocols,
                connections,
                counters,
                Objects.requireNonNull(recoveryExecutor, "recoveryExecutor"),
                outbound.limit(),
                error -> report(null, error));
    this.refusals = new WarnLimiter(log, WARN_INTERVAL, now());
    this.acceptFailures = new WarnLimiter(log, WARN_INTERVAL, now());
  }

  String nodeId() {
    return nodeId;
  }

  String incarnation() {
    return incarnation;
  }

  BrokerState brokerState() {
    return brokerState;
  }

  Protocols<T> protocols() {
    return protocols;
  }

  List<String> subprotocols() {
    return protocols.subprotocols();
  }

  @Nullable Recovery<T> recovery() {
    return recovery;
  }

  TopicAuthorizer authorizer() {
    return authorizer;
  }

  int maxSubscriptions() {
    return maxSubscriptions;
  }

  InboundPolicy inbound() {
    return inbound;
  }

  OutboundPolicy outbound() {
    return outbound;
  }

  long now() {
    return scheduler.nanoTime();
  }

  /** Returns where durations go, or null if nothing is timed. */
  @Nullable Timings timings() {
    return timings;
  }

  boolean isDraining() {
    return draining;
  }

  LocalConnections<T> connections() {
    return connections;
  }

  // Opening and ending.

  /** Makes a connection, not yet registered, with its transport. */
  ManagedConnection<T> newConnection(
      Handshake handshake,
      Admission.Accepted admission,
      @Nullable String subprotocol,
      Function<? super Link, ? extends Transport> transports) {
    int codec = protocols.indexOf(subprotocol);
    TokenBucket rate =
        inbound.messagesPerSecond() > 0
            ? new TokenBucket(inbound.messagesPerSecond(), inbound.burst(), now())
            : null;
    ManagedConnection<T> connection =
        new ManagedConnection<>(
            this,
            nodeId + "." + incarnation + "." + Long.toString(sequence.incrementAndGet(), 36),
            admission,
            handshake,
            subprotocol,
            codec,
            executor == null ? null : new SerialExecutor(executor),
            rate);
    connection
        .link()
        .bind(Objects.requireNonNull(transports.apply(connection.link()), "transport"));
    return connection;
  }

  /**
   * Registers a connection unless a cap refuses it, and tells the application.
   *
   * @return null, or the cap that refused it
   */
  @Nullable RejectReason register(ManagedConnection<T> connection, AdmissionPolicy caps) {
    RejectReason over =
        connections.add(connection, caps.maxConnections(), caps.maxConnectionsPerClient());
    if (over != null) {
      return over;
    }
    if (registry != null) {
      registry.added(connection);
    }
    log.debug("Opened {}", connection);
    if (connection.session() != null) {
      connection.reply(
          new ServerFrame.Connected(connection.id(), connection.clientId(), pingMillis));
    }
    connection.dispatch(
        () -> {
          try {
            listener.onOpen(connection);
          } catch (Throwable e) {
            listenerFailed(connection, e);
          }
          connections.opened(connection);
        });
    return null;
  }

  void unregister(ManagedConnection<T> connection, CloseStatus status, boolean wasReady) {
    unregistering.incrementAndGet();
    connections.remove(connection, wasReady);
    if (registry != null) {
      registry.removed(connection);
    }
    counters.closed(status.cause());
    unregistering.decrementAndGet();
    switch (status.cause()) {
      case SLOW_CONSUMER, HEARTBEAT_TIMEOUT, RATE_LIMITED, UNDECODABLE ->
          log.warn("Closed {}: {} {}", connection, status.code(), status.reason());
      case TOO_LARGE ->
          log.warn(
              "Closed {}: {} message over {} bytes",
              connection,
              status.code(),
              inbound.maxMessageSize());
      default ->
          log.debug(
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

  /** Counts and logs a request refused before it was a handshake the manager could see. */
  void refusedRequest(
      RejectReason reason, int status, String why, @Nullable InetSocketAddress remote) {
    counters.rejected(reason);
    refusals.log(now(), "Refused request from {}: {} {}", String.valueOf(remote), status, why);
  }

  /** Counts and logs a failure to accept a connection. */
  void acceptFailed(Throwable cause) {
    counters.acceptFailures.increment();
    acceptFailures.log(now(), "Failed to accept a connection, backing off: {}", cause.toString());
  }

  Admission.Rejected rejected(Handshake handshake, RejectReason reason, int status, String why) {
    Admission.Rejected rejection = Admission.reject(status, why);
    counters.rejected(reason);
    if (reason == RejectReason.AUTHENTICATION || reason == RejectReason.DRAINING) {
      log.debug("Refused handshake for {}: {} {}", handshake.path(), status, why);
    } else {
      refusals.log(
          now(),
          "Refused handshake from {}: {} {}",
          String.valueOf(handshake.remoteAddress()),
          status,
          why);
    }
    try {
      listener.onRejected(handshake, reason, rejection);
    } catch (Throwable e) {
      log.warn("ConnectionListener.onRejected threw", e);
    }
    return rejection;
  }

  /** Stops admitting, closes every connection with 1001 and waits for them; see shutdown(). */
  boolean drain(long deadline, Consumer<ManagedConnection<T>> farewell) {
    draining = true;
    int open = connections.registered();
    if (open > 0) {
      log.info("Draining {} connections", open);
    }
    for (ManagedConnection<T> connection : connections.all()) {
      farewell.accept(connection);
      connection.close(CloseCause.SHUTDOWN, 1001, "server shutting down");
    }
    if (awaitNoConnections(deadline)) {
      return true;
    }
    log.warn("Shutdown grace ran out: dropping {} connections", connections.registered());
    for (ManagedConnection<T> connection : connections.all()) {
      connection.abort();
    }
    // A transport that does not report the abort must not keep the connection registered.
    for (ManagedConnection<T> connection : connections.all()) {
      connection.ended(1006, "shutdown grace ran out", false);
    }
    return false;
  }

  // What peers send.

  void handle(ManagedConnection<T> connection, Payload payload) {
    ClientSession<T> session = connection.session();
    if (session != null) {
      session.received(payload);
    } else {
      deliverToApplication(connection, payload);
    }
  }

  /** Decodes a message from the peer and hands it to the listener. */
  void deliverToApplication(ManagedConnection<T> connection, Payload payload) {
    T message;
    try {
      message = decode(connection, payload);
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

  /** Decodes a payload with the connection's codec. */
  T decode(ManagedConnection<T> connection, Payload payload) {
    return protocols.codec(connection.codec()).decode(payload);
  }

  /** Counts and logs a frame of the client protocol that was refused. */
  void protocolError(ManagedConnection<T> connection, Throwable cause) {
    counters.dropped(DropReason.UNDECODABLE);
    log.debug("Refused a frame from {}: {}", connection, cause.toString());
    report(connection, cause);
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

  void report(@Nullable Connection<T> connection, Throwable error) {
    try {
      listener.onError(connection, error);
    } catch (Throwable e) {
      log.warn("ConnectionListener.onError threw while reporting {}", error, e);
    }
  }

  // What the application sends.

  boolean sendTo(String connectionId, T message, Delivery delivery) {
    ManagedConnection<T> target = connections.get(connectionId);
    if (target != null) {
      return target.deliver(new Outgoing<>(message, protocols), delivery);
    }
    String node = nodeOf(connectionId);
    if (broker == null || node == null || node.equals(nodeId)) {
      counters.dropped(DropReason.UNKNOWN_CONNECTION);
      return false;
    }
    broker.publish(
        Envelope.of(
            Envelope.Kind.CONNECTION,
            connectionId,
            node,
            null,
            new Outgoing<>(message, protocols).allPayloads(),
            delivery));
    return true;
  }

  int sendToClient(String clientId, T message, Delivery delivery) {
    Outgoing<T> outgoing = new Outgoing<>(message, protocols);
    int delivered = deliver(connections.ofClient(clientId), outgoing, null, delivery);
    if (broker != null) {
      // The broker reaches the nodes that hold the client, and only those, with no lookup here.
      broker.publish(
          Envelope.of(
              Envelope.Kind.CLIENT, clientId, null, null, outgoing.allPayloads(), delivery));
    }
    return delivered;
  }

  int broadcast(T message, @Nullable String except, Delivery delivery) {
    Outgoing<T> outgoing = new Outgoing<>(message, protocols);
    int delivered = deliver(connections.all(), outgoing, except, delivery);
    if (broker != null) {
      broker.publish(
          Envelope.of(Envelope.Kind.ALL, "", null, except, outgoing.allPayloads(), delivery));
    }
    return delivered;
  }

  int publish(String topic, T message, @Nullable String except, Delivery delivery) {
    History.Retention retention = recovery == null ? null : recovery.retention(topic);
    if (recovery != null && retention != null) {
      // The history assigns the position and delivers, here too: the members here are counted.
      int members = connections.inTopic(topic).size();
      appendTo(recovery, retention, topic, message, except, delivery);
      return members;
    }
    Outgoing<T> outgoing = new Outgoing<>(message, protocols, topic);
    int delivered = deliver(connections.inTopic(topic), outgoing, except, delivery);
    if (broker != null) {
      broker.publish(
          Envelope.of(Envelope.Kind.TOPIC, topic, null, except, outgoing.allPayloads(), delivery));
    }
    return delivered;
  }

  /** Publishes what a client sent; completes with the position, null for a topic without one. */
  CompletionStage<@Nullable Position> publishFromClient(String topic, T message) {
    History.Retention retention = recovery == null ? null : recovery.retention(topic);
    if (recovery == null || retention == null) {
      publish(topic, message, null, Delivery.STANDARD);
      return CompletableFuture.completedFuture(null);
    }
    return appendTo(recovery, retention, topic, message, null, Delivery.STANDARD)
        .thenApply(position -> position);
  }

  private CompletionStage<Position> appendTo(
      Recovery<T> history,
      History.Retention retention,
      String topic,
      T message,
      @Nullable String except,
      Delivery delivery) {
    Envelope envelope =
        Envelope.of(
            Envelope.Kind.TOPIC,
            topic,
            null,
            except,
            new Outgoing<>(message, protocols, topic).allPayloads(),
            delivery);
    CompletionStage<Position> appended = history.append(envelope, retention);
    appended.whenComplete(
        (position, error) -> {
          if (error != null) {
            counters.brokerPublishFailures.increment();
            report(null, error);
          }
        });
    return appended;
  }

  // Acting on a client, cluster-wide.

  int disconnectClient(String clientId, int code, String reason) {
    int closed = disconnectLocal(clientId, code, reason);
    if (broker != null) {
      broker.control(Control.disconnect(clientId, code, reason));
    }
    return closed;
  }

  int joinClient(String clientId, String topic) {
    int joined = joinLocal(clientId, topic, true);
    if (broker != null) {
      broker.control(Control.join(clientId, topic));
    }
    return joined;
  }

  int leaveClient(String clientId, String topic) {
    int left = joinLocal(clientId, topic, false);
    if (broker != null) {
      broker.control(Control.leave(clientId, topic));
    }
    return left;
  }

  /**
   * Lists the client's connections on every node: those here at once, the others as the nodes the
   * registry names reply, until all have or {@code timeout} ran out.
   */
  CompletionStage<List<ConnectionInfo>> fetchConnections(String clientId, Duration timeout) {
    List<ConnectionInfo> here = describe(clientId);
    Broker remote = broker;
    if (remote == null || registry == null) {
      return CompletableFuture.completedFuture(here);
    }
    long request = requests.incrementAndGet();
    Listing listing = new Listing(here);
    listings.put(request, listing);
    // Asked before the registry answers, so that no reply can come before the listing exists.
    remote.control(Control.list(clientId, request, nodeId));
    registry
        .nodesOf(clientId)
        .whenComplete((nodes, error) -> listing.expect(error == null ? nodes : Set.of(), nodeId));
    return listing
        .done
        .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (ignored, error) -> {
              listings.remove(request);
              return listing.result();
            });
  }

  boolean join(ManagedConnection<T> connection, String topic) {
    Objects.requireNonNull(topic, "topic");
    if (!connection.isOpen()) {
      return false;
    }
    ClientSession<T> session = connection.session();
    return session != null ? session.join(topic) : connections.join(connection, topic);
  }

  boolean leave(ManagedConnection<T> connection, String topic) {
    ClientSession<T> session = connection.session();
    return session != null ? session.leave(topic) : connections.leave(connection, topic);
  }

  // What other nodes send.

  void deliverRemote(Envelope envelope) {
    counters.brokerReceived.increment();
    Outgoing<T> outgoing =
        new Outgoing<>(
            envelope.payloads(),
            protocols,
            envelope.kind() == Envelope.Kind.TOPIC ? envelope.target() : null,
            null);
    Delivery delivery = envelope.delivery();
    switch (envelope.kind()) {
      case ALL -> deliver(connections.all(), outgoing, envelope.except(), delivery);
      case TOPIC ->
          deliver(connections.inTopic(envelope.target()), outgoing, envelope.except(), delivery);
      case CLIENT ->
          deliver(connections.ofClient(envelope.target()), outgoing, envelope.except(), delivery);
      case CONNECTION -> {
        ManagedConnection<T> target = connections.get(envelope.target());
        if (target == null) {
          counters.dropped(DropReason.UNKNOWN_CONNECTION);
        } else if (!outgoing.covers(target.codec())) {
          counters.dropped(DropReason.NO_PAYLOAD);
        } else {
          target.deliver(outgoing, delivery);
        }
      }
    }
  }

  void controlRemote(Control control) {
    counters.brokerReceived.increment();
    String client = control.clientId();
    switch (control.action()) {
      case DISCONNECT -> disconnectLocal(client, control.code(), control.argument());
      case JOIN -> joinLocal(client, control.argument(), true);
      case LEAVE -> joinLocal(client, control.argument(), false);
      case LIST -> {
        Broker remote = broker;
        // Answered even with none ready, so that the asking node need not wait for its timeout.
        if (remote != null) {
          remote.control(
              Control.listed(
                  client,
                  control.request(),
                  Objects.requireNonNull(control.node()),
                  nodeId,
                  describe(client)));
        }
      }
      case LISTED -> {
        Listing listing = listings.get(control.request());
        if (listing != null) {
          listing.add(control.argument(), control.connections());
        }
      }
    }
  }

  void gap(Gap gap) {
    counters.gaps.add(gap.missed());
    log.warn(
        "Lost {} messages from node {} ({}{}): the broker saw a gap in their numbers",
        gap.missed(),
        gap.originNode(),
        gap.scope(),
        gap.name().isEmpty() ? "" : " " + gap.name());
    try {
      listener.onGap(gap);
    } catch (Throwable e) {
      log.warn("ConnectionListener.onGap threw", e);
    }
  }

  void brokerState(BrokerState state) {
    BrokerState before = brokerState;
    if (before == state) {
      return;
    }
    brokerState = state;
    if (state == BrokerState.CONNECTED && before == BrokerState.DISCONNECTED) {
      counters.brokerReconnects.increment();
    }
    try {
      listener.onBrokerStateChanged(state);
    } catch (Throwable e) {
      log.warn("ConnectionListener.onBrokerStateChanged threw", e);
    }
  }

  // Cluster views, from memory.

  long clusterConnections() {
    return registry == null ? connections.ready() : registry.totalConnections();
  }

  Set<String> liveNodes() {
    return registry == null ? Set.of(nodeId) : registry.liveNodes();
  }

  CompletionStage<Set<String>> nodesOf(String clientId) {
    if (registry != null) {
      return registry.nodesOf(clientId);
    }
    return CompletableFuture.completedFuture(
        connections.ofClient(clientId).isEmpty() ? Set.of() : Set.of(nodeId));
  }

  private int disconnectLocal(String clientId, int code, String reason) {
    int closed = 0;
    for (ManagedConnection<T> connection : connections.ofClient(clientId)) {
      if (connection.close(code, reason)) {
        closed++;
      }
    }
    return closed;
  }

  private int joinLocal(String clientId, String topic, boolean join) {
    int changed = 0;
    for (ManagedConnection<T> connection : connections.ofClient(clientId)) {
      if (join ? connection.join(topic) : connection.leave(topic)) {
        changed++;
      }
    }
    return changed;
  }

  private List<ConnectionInfo> describe(String clientId) {
    List<ConnectionInfo> found = new ArrayList<>();
    for (ManagedConnection<T> connection : connections.ofClient(clientId)) {
      if (connection.isReady()) {
        found.add(
            new ConnectionInfo(
                connection.id(), clientId, nodeId, connection.connectedAt(), connection.topics()));
      }
    }
    return found;
  }

  private void undecodable(ManagedConnection<T> connection, Payload payload, CodecException error) {
    counters.dropped(DropReason.UNDECODABLE);
    log.debug("Undecodable message from {}: {}", connection, error.getMessage());
    report(connection, error);
    switch (inbound.undecodable()) {
      case REPLY -> {
        if (decodeErrorReply != null) {
          connection.deliver(
              new Outgoing<>(decodeErrorReply.apply(error), protocols), Delivery.STANDARD);
        }
      }
      // The peer learns that its message was undecodable, not the codec's words for it: those can
      // name the application's classes, and reach the listener and the log instead.
      case CLOSE ->
          connection.close(
              CloseCause.UNDECODABLE,
              payload instanceof Payload.Text ? 1007 : 1003,
              "undecodable message");
      case DROP -> {}
    }
  }

  private int deliver(
      Iterable<ManagedConnection<T>> targets,
      Outgoing<T> outgoing,
      @Nullable String except,
      Delivery delivery) {
    Timings timed = timings;
    long start = timed == null ? 0 : now();
    int delivered = 0;
    for (ManagedConnection<T> target : targets) {
      if (!target.isReady() || target.id().equals(except)) {
        continue;
      }
      if (!outgoing.covers(target.codec())) {
        counters.dropped(DropReason.NO_PAYLOAD);
      } else if (target.deliver(outgoing, delivery)) {
        delivered++;
      }
    }
    if (timed != null) {
      timed.fannedOut(delivered, now() - start);
    }
    return delivered;
  }

  private boolean awaitNoConnections(long deadline) {
    synchronized (drained) {
      while (connections.registered() > 0 || unregistering.get() > 0) {
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

  private void listenerFailed(Connection<T> connection, Throwable error) {
    counters.handlerErrors.increment();
    log.debug("Listener failed on {}", connection, error);
    report(connection, error);
  }

  private static @Nullable String nodeOf(String connectionId) {
    // Node ids hold no dot: the node is what comes before the first.
    int dot = connectionId.indexOf('.');
    return dot > 0 ? connectionId.substring(0, dot) : null;
  }

  /**
   * Collects the replies to one {@link #fetchConnections}: done once every node the registry named
   * has replied. Thread-safe: replies come on the broker's threads.
   */
  private static final class Listing {
    final CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
    private final List<ConnectionInfo> found;
    private final Set<String> replied = new HashSet<>();
    private @Nullable Set<String> expected;

    Listing(List<ConnectionInfo> here) {
      this.found = new ArrayList<>(here);
    }

    synchronized void expect(Set<String> nodes, String self) {
      Set<String> others = new HashSet<>(nodes);
      others.remove(self);
      expected = others;
      settle();
    }

    synchronized void add(String node, List<ConnectionInfo> connections) {
      if (replied.add(node)) {
        found.addAll(connections);
      }
      settle();
    }

    synchronized List<ConnectionInfo> result() {
      return List.copyOf(found);
    }

    private void settle() {
      Set<String> nodes = expected;
      if (nodes != null && replied.containsAll(nodes)) {
        done.complete(null);
      }
    }
  }
}
