package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.TestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kills a node with SIGKILL: it runs in a child JVM, so nothing of it (no shutdown hook, no close)
 * runs after the signal, exactly as in production.
 */
class NodeCrashIT {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void aKilledNodesClientsLeaveTheRegistryWithinTheLeasePlusAMargin() throws Exception {
    Process doomed = startChild("doomed");
    try (Node survivor = Node.start("survivor", redis.server().uri())) {
      int port = readPort(doomed);
      TestClient carol = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws/carol"));
      survivor.connect("sam");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> survivor.nodesOf("carol").equals(Set.of("doomed")));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> survivor.manager.liveNodes().equals(Set.of("survivor", "doomed")));
      await().atMost(Duration.ofSeconds(5)).until(() -> survivor.manager.clusterConnections() == 2);

      doomed.destroyForcibly();
      assertThat(doomed.waitFor(5, TimeUnit.SECONDS)).isTrue();
      long killed = System.nanoTime();
      Duration limit = Node.LEASE_TTL.multipliedBy(14).dividedBy(10).plusSeconds(1);

      await().atMost(limit).until(() -> survivor.nodesOf("carol").isEmpty());
      long reaped = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> survivor.manager.liveNodes().equals(Set.of("survivor")));
      assertThat(survivor.manager.clusterConnections()).isEqualTo(1);
      assertThat(
              redis
                  .server()
                  .call("EXISTS herald:client:carol herald:conns:doomed herald:node:doomed"))
          .isEqualTo(":0");
      assertThat(redis.server().call("SMEMBERS herald:nodes")).isEqualTo("survivor");
      System.out.printf(
          "Node killed: its client left the registry after %d ms (lease %d ms)%n",
          TimeUnit.NANOSECONDS.toMillis(reaped - killed), Node.LEASE_TTL.toMillis());
      carol.abort();
    } finally {
      doomed.destroyForcibly();
    }
  }

  @Test
  void aNodeRestartedAtOnceAfterAKillRemovesWhatItsEarlierIncarnationLeft() throws Exception {
    // A lease long enough that the restart, a JVM start even on a busy machine, comes well within
    // it: then only the new incarnation can remove the old one's entries, no reaper.
    Duration lease = Duration.ofSeconds(20);
    Process first = startChild("phoenix", lease);
    Process second = null;
    try (Node survivor = Node.start("survivor", redis.server().uri())) {
      int port = readPort(first);
      for (String client : List.of("c1", "c2", "c3")) {
        TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws/" + client));
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> redis.server().call("HLEN herald:conns:phoenix").equals(":3"));
      String before = redis.server().call("HKEYS herald:conns:phoenix").split("\n")[0];

      first.destroyForcibly();
      assertThat(first.waitFor(5, TimeUnit.SECONDS)).isTrue();
      long killed = System.nanoTime();
      second = startChild("phoenix", lease);
      int again = readPort(second);
      TestClient.connect(URI.create("ws://127.0.0.1:" + again + "/ws/d"));

      await()
          .atMost(lease)
          .until(
              () ->
                  redis
                          .server()
                          .call("EXISTS herald:client:c1 herald:client:c2 herald:client:c3")
                          .equals(":0")
                      && redis.server().call("HLEN herald:conns:phoenix").equals(":1"));
      assertThat(System.nanoTime() - killed)
          .as("removed by the new incarnation, before the old lease expired")
          .isLessThan(lease.toNanos());
      String after = redis.server().call("HKEYS herald:conns:phoenix");
      assertThat(incarnation(after)).isNotEqualTo(incarnation(before));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> survivor.nodesOf("d").equals(Set.of("phoenix")));
      assertThat(survivor.nodesOf("c1")).isEmpty();
    } finally {
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
        second.waitFor(5, TimeUnit.SECONDS);
      }
      // The killed incarnation's lease would outlive this test: the next one starts clean.
      redis.server().call("FLUSHALL");
    }
  }

  private static String incarnation(String connectionId) {
    return connectionId.split("\\.")[1];
  }

  private static Process startChild(String nodeId) throws Exception {
    return startChild(nodeId, Node.LEASE_TTL);
  }

  private static Process startChild(String nodeId, Duration lease) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            CrashNode.class.getName(),
            redis.server().uri().toString(),
            nodeId,
            Long.toString(lease.toMillis()))
        .redirectErrorStream(true)
        .start();
  }

  private static int readPort(Process child) throws Exception {
    BufferedReader output =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Integer> port =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                  if (line.startsWith("PORT ")) {
                    int found = Integer.parseInt(line.substring(5));
                    // Keep reading so that the child never blocks on a full pipe.
                    Thread drainer = new Thread(() -> output.lines().forEach(l -> {}));
                    drainer.setDaemon(true);
                    drainer.start();
                    return found;
                  }
                }
                throw new IllegalStateException("the child node exited without serving");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    return port.get(20, TimeUnit.SECONDS);
  }
}
