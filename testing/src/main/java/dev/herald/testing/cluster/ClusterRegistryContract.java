package dev.herald.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Connection;
import dev.herald.Delivery;
import dev.herald.Handshake;
import dev.herald.spi.ClusterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks what every {@link ClusterRegistry} must do: find which nodes hold a client from any node,
 * know the live nodes and their connections, forget a node that closed, and let a node that
 * restarted (a new incarnation) replace whatever its earlier incarnation left.
 *
 * <p>A registry's test extends this class and supplies {@link #newRegistry()}: a registry for one
 * more node of one cluster shared by the test, and {@link #crash} if stopping without closing needs
 * more than forgetting the registry. Views may lag by the registry's heartbeat; the checks wait up
 * to {@link #TIMEOUT}.
 *
 * <p>Not thread-safe: JUnit makes one instance per test.
 */
public abstract class ClusterRegistryContract {
  /** How long a view may take to catch up. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final List<ClusterRegistry> started = new ArrayList<>();
  private final String run = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

  /** Returns a registry for one more node of the cluster under test, not yet started. */
  protected abstract ClusterRegistry newRegistry();

  /**
   * Stops {@code registry} as a node that died would: without removing anything it registered. The
   * default does nothing, for registries that hold nothing once forgotten.
   */
  protected void crash(ClusterRegistry registry) {}

  @AfterEach
  void closeRegistries() {
    started.forEach(ClusterRegistry::close);
  }

  @Test
  void everyNodeFindsTheNodesThatHoldAClient() {
    ClusterRegistry a = start("a", "aaaaaaaa");
    ClusterRegistry b = start("b", "bbbbbbbb");
    Connection<?> bob = connection("b", "bbbbbbbb", 1, "bob");
    b.added(bob);
    a.added(connection("a", "aaaaaaaa", 1, "bob"));

    awaitNodesOf(a, "bob", Set.of(node("a"), node("b")));
    awaitNodesOf(b, "bob", Set.of(node("a"), node("b")));
    b.removed(bob);
    awaitNodesOf(a, "bob", Set.of(node("a")));
  }

  @Test
  void theViewsCountEveryLiveNodeAndItsConnections() {
    ClusterRegistry a = start("a", "aaaaaaaa");
    ClusterRegistry b = start("b", "bbbbbbbb");
    a.added(connection("a", "aaaaaaaa", 1, "alice"));
    a.added(connection("a", "aaaaaaaa", 2, "alice"));
    b.added(connection("b", "bbbbbbbb", 1, "bob"));

    await()
        .atMost(TIMEOUT)
        .until(
            () -> a.liveNodes().equals(Set.of(node("a"), node("b"))) && a.totalConnections() == 3);
    await().atMost(TIMEOUT).until(() -> b.totalConnections() == 3);
  }

  @Test
  void aNodeThatClosedLeavesTheViews() {
    ClusterRegistry a = start("a", "aaaaaaaa");
    ClusterRegistry b = start("b", "bbbbbbbb");
    b.added(connection("b", "bbbbbbbb", 1, "bob"));
    awaitNodesOf(a, "bob", Set.of(node("b")));
    await().atMost(TIMEOUT).until(() -> a.liveNodes().contains(node("b")));

    b.close();

    awaitNodesOf(a, "bob", Set.of());
    await().atMost(TIMEOUT).until(() -> a.liveNodes().equals(Set.of(node("a"))));
    assertThat(a.totalConnections()).isZero();
  }

  @Test
  void aRestartedNodeReplacesWhatItsEarlierIncarnationLeft() {
    ClusterRegistry a = start("a", "aaaaaaaa");
    ClusterRegistry before = start("b", "bbbbbbbb");
    for (int i = 1; i <= 3; i++) {
      before.added(connection("b", "bbbbbbbb", i, "ghost" + i));
    }
    awaitNodesOf(a, "ghost3", Set.of(node("b")));
    crash(before);
    started.remove(before);

    ClusterRegistry after = start("b", "cccccccc");
    after.added(connection("b", "cccccccc", 1, "bob"));

    awaitNodesOf(a, "bob", Set.of(node("b")));
    for (int i = 1; i <= 3; i++) {
      awaitNodesOf(a, "ghost" + i, Set.of());
    }
    await().atMost(TIMEOUT).until(() -> a.totalConnections() == 1);
  }

  /** Starts a registry as node {@code name} (made unique per test). */
  protected ClusterRegistry start(String name, String incarnation) {
    ClusterRegistry registry = newRegistry();
    registry.start(node(name), incarnation);
    started.add(registry);
    return registry;
  }

  /** Returns the node id {@code name} stands for in this test. */
  protected String node(String name) {
    return name + "-" + run;
  }

  /** Returns a connection of {@code clientId}, number {@code n} of a node's incarnation. */
  protected Connection<?> connection(String name, String incarnation, int n, String clientId) {
    return new Registered(node(name) + "." + incarnation + "." + n, clientId + "-" + run);
  }

  private void awaitNodesOf(ClusterRegistry registry, String clientId, Set<String> nodes) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                registry
                    .nodesOf(clientId + "-" + run)
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS)
                    .equals(nodes));
  }

  /** A connection as a registry sees it: an id and a client, nothing else. */
  private record Registered(String id, String clientId) implements Connection<Object> {
    @Override
    public Map<String, String> attributes() {
      return Map.of();
    }

    @Override
    public Handshake handshake() {
      throw new UnsupportedOperationException("a registry needs no handshake");
    }

    @Override
    public Instant connectedAt() {
      return Instant.EPOCH;
    }

    @Override
    public @Nullable String subprotocol() {
      return null;
    }

    @Override
    public Set<String> topics() {
      return Set.of();
    }

    @Override
    public long queuedBytes() {
      return 0;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public boolean send(Object message) {
      return false;
    }

    @Override
    public boolean send(Object message, Delivery delivery) {
      return false;
    }

    @Override
    public boolean join(String topic) {
      return false;
    }

    @Override
    public boolean leave(String topic) {
      return false;
    }

    @Override
    public boolean close(int code, String reason) {
      return false;
    }
  }
}
