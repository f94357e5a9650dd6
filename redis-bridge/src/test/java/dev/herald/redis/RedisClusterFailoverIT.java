package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.RedisServer;
import dev.herald.testing.RedisServerCluster;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Fails one master of a Redis Cluster of three masters with one replica each. */
class RedisClusterFailoverIT {
  /** How long after the master dies the nodes must carry messages between them again. */
  private static final Duration RECOVERY = Duration.ofSeconds(20);

  private final AtomicInteger probes = new AtomicInteger();

  @Test
  void broadcastsTopicsAndRoutingWorkAgainOnceTheReplicaOfAFailedMasterIsPromoted() {
    try (RedisServerCluster cluster = RedisServerCluster.start(3, 1);
        Node a = node(cluster, "a");
        Node b = node(cluster, "b");
        Node c = node(cluster, "c")) {
      TestClient alice = a.connect("alice");
      TestClient bob = b.connect("bob");
      TestClient carol = c.connect("carol");
      List<Node> nodes = List.of(a, b, c);
      awaitLiveNodes(nodes, Duration.ofSeconds(10));

      // The master that holds the most subscriber connections fails, so that they must move.
      RedisServer victim =
          cluster.masters().stream()
              .max(Comparator.comparingInt(master -> subscribers(master, "herald:all")))
              .orElseThrow();
      assertThat(subscribers(victim, "herald:all")).as("subscribers on " + victim).isPositive();
      RedisServer heir = cluster.replicaOf(victim);
      // A topic whose messages go through the failing master.
      String topic =
          IntStream.range(0, 1_000)
              .mapToObj(i -> "news-" + i)
              .filter(name -> !victim.call("EXISTS herald:topic:" + name).startsWith("-MOVED"))
              .findFirst()
              .orElseThrow();
      b.manager.join(b.connectionOf("bob"), topic);
      awaitWorking(a, b, c, alice, bob, carol, topic, Duration.ofSeconds(10));

      long killed = System.nanoTime();
      victim.kill();
      await().atMost(Duration.ofSeconds(15)).until(() -> RedisServerCluster.isMaster(heir));
      long promoted = System.nanoTime();
      Duration left = RECOVERY.minusNanos(System.nanoTime() - killed);
      awaitWorking(a, b, c, alice, bob, carol, topic, left);
      awaitLiveNodes(nodes, RECOVERY.minusNanos(System.nanoTime() - killed));
      long recovered = System.nanoTime();
      System.out.printf(
          "Cluster failover: replica promoted %d ms after the master died; broadcasts, topics,"
              + " routing and the registry work again %d ms after the promotion%n",
          TimeUnit.NANOSECONDS.toMillis(promoted - killed),
          TimeUnit.NANOSECONDS.toMillis(recovered - promoted));
    }
  }

  /** Waits until a broadcast, a topic message and a message to one client each cross nodes. */
  private void awaitWorking(
      Node a,
      Node b,
      Node c,
      TestClient alice,
      TestClient bob,
      TestClient carol,
      String topic,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    awaitArrival(
        text -> a.manager.broadcast(text),
        List.of(bob, carol),
        List.of(alice),
        remaining(deadline));
    awaitArrival(
        text -> c.manager.publish(topic, text),
        List.of(bob),
        List.of(alice, carol),
        remaining(deadline));
    awaitArrival(
        text -> a.manager.sendToClient("carol", text),
        List.of(carol),
        List.of(alice, bob),
        remaining(deadline));
    awaitArrival(
        text -> c.manager.sendToClient("bob", text),
        List.of(bob),
        List.of(alice, carol),
        remaining(deadline));
  }

  /**
   * Sends numbered probes with {@code send} until one probe reached every client in {@code to};
   * drains the {@code others}, who may see probes of their own.
   */
  private void awaitArrival(
      Consumer<String> send, List<TestClient> to, List<TestClient> others, Duration timeout) {
    List<List<String>> received = new ArrayList<>();
    to.forEach(client -> received.add(new ArrayList<>()));
    List<String> sent = new ArrayList<>();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              String probe = "probe " + probes.incrementAndGet();
              sent.add(probe);
              send.accept(probe);
              for (int i = 0; i < to.size(); i++) {
                drain(to.get(i), received.get(i));
              }
              others.forEach(client -> drain(client, new ArrayList<>()));
              return sent.stream()
                  .anyMatch(text -> received.stream().allMatch(texts -> texts.contains(text)));
            });
  }

  private static void drain(TestClient client, List<String> into) {
    for (Object text = client.poll(); text != null; text = client.poll()) {
      into.add((String) text);
    }
  }

  private static void awaitLiveNodes(List<Node> nodes, Duration timeout) {
    Set<String> all = Set.of("a", "b", "c");
    await()
        .atMost(timeout)
        .until(() -> nodes.stream().allMatch(node -> node.manager.liveNodes().equals(all)));
  }

  private static int subscribers(RedisServer server, String channel) {
    // In a cluster, PUBSUB NUMSUB counts the subscribers connected to that server only.
    String reply = server.call("PUBSUB NUMSUB " + channel);
    return Integer.parseInt(reply.substring(reply.lastIndexOf(":") + 1));
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
  }

  private static Node node(RedisServerCluster cluster, String id) {
    return Node.start(id, RedisBridge.builder(cluster.seed()).cluster().leaseTtl(Node.LEASE_TTL));
  }
}
