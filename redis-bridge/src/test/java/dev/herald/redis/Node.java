package dev.herald.redis;

import static org.awaitility.Awaitility.await;

import dev.herald.Authenticator;
import dev.herald.BrokerState;
import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.Gap;
import dev.herald.HistoryPolicy;
import dev.herald.testing.RedisServer;
import dev.herald.testing.TestClient;
import dev.herald.transport.javawebsocket.HeraldWebSocketServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs one Herald node for tests: a manager on a Java-WebSocket server on loopback, bridged to
 * Redis.
 */
final class Node implements AutoCloseable {
  static final Duration LEASE_TTL = Duration.ofSeconds(2);

  final String id;
  final RedisBridge bridge;
  final ConnectionManager<String> manager;
  final HeraldWebSocketServer server;
  final int port;

  /** The gaps the manager's listener heard of, in order. */
  final List<Gap> gaps = new CopyOnWriteArrayList<>();

  /** The broker states the manager's listener heard of, in order. */
  final List<BrokerState> states = new CopyOnWriteArrayList<>();

  private final List<TestClient> clients = new CopyOnWriteArrayList<>();

  private Node(
      String id, RedisBridge bridge, UnaryOperator<ConnectionManager.Builder<String>> configure) {
    this.id = id;
    this.bridge = bridge;
    this.manager =
        configure
            .apply(
                ConnectionManager.builder(String.class)
                    .nodeId(id)
                    .authenticator(Authenticator.pathSuffix("/ws/"))
                    .listener(
                        new ConnectionListener<>() {
                          @Override
                          public void onGap(Gap gap) {
                            gaps.add(gap);
                          }

                          @Override
                          public void onBrokerStateChanged(BrokerState state) {
                            states.add(state);
                          }
                        })
                    .broker(bridge.broker())
                    .registry(bridge.registry()))
            .build();
    this.server =
        HeraldWebSocketServer.builder(manager)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .workerThreads(1)
            .build()
            .start();
    this.port = server.port();
  }

  /** Starts a node bridged to the Redis at {@code redis}, with a two-second lease. */
  static Node start(String id, URI redis) {
    return start(id, RedisBridge.builder(redis).leaseTtl(LEASE_TTL));
  }

  /** Starts a node bridged to the Redis at {@code redis} that keeps the history {@code policy}. */
  static Node start(String id, URI redis, HistoryPolicy policy) {
    RedisBridge bridge = RedisBridge.builder(redis).leaseTtl(LEASE_TTL).build();
    return new Node(id, bridge, b -> b.history(policy, bridge.history()));
  }

  /** Starts a node with the bridge {@code builder} describes. */
  static Node start(String id, RedisBridge.Builder builder) {
    return new Node(id, builder.build(), b -> b);
  }

  /** Starts a node with the bridge {@code builder} describes and a manager {@code configure}s. */
  static Node start(
      String id,
      RedisBridge.Builder builder,
      UnaryOperator<ConnectionManager.Builder<String>> configure) {
    return new Node(id, builder.build(), configure);
  }

  /** Returns the messages the broker reported lost, in all. */
  long missed() {
    return gaps.stream().mapToLong(Gap::missed).sum();
  }

  /** Connects a WebSocket client as {@code clientId} and waits until the manager holds it. */
  TestClient connect(String clientId) {
    return connect(clientId, List.of());
  }

  /** Connects a client that asks for {@code subprotocols}, and waits until the manager holds it. */
  TestClient connect(String clientId, List<String> subprotocols) {
    int before = manager.connectionsOf(clientId).size();
    TestClient client =
        TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws/" + clientId), subprotocols);
    clients.add(client);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> manager.connectionsOf(clientId).size() > before);
    return client;
  }

  /** Returns the id of the one connection {@code clientId} holds on this node. */
  String connectionOf(String clientId) {
    Set<Connection<String>> connections = manager.connectionsOf(clientId);
    if (connections.size() != 1) {
      throw new AssertionError(clientId + " holds " + connections.size() + " connections on " + id);
    }
    return connections.iterator().next().id();
  }

  /** Returns the nodes that hold {@code clientId}, as this node's registry answers. */
  Set<String> nodesOf(String clientId) {
    return manager.nodesOf(clientId).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
  }

  /** Waits until {@code subscribers} connections subscribe to {@code channel} on {@code server}. */
  static void awaitSubscribers(RedisServer server, String channel, int subscribers) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.call("PUBSUB NUMSUB " + channel).equals(channel + "\n:" + subscribers));
  }

  @Override
  public void close() {
    clients.forEach(TestClient::abort);
    manager.shutdown(Duration.ofMillis(500));
    server.close();
    bridge.close();
  }
}
