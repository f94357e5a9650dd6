package dev.herald.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Redis Cluster of masters only on loopback for tests: one {@link RedisServer} per master
 * with {@code --cluster-enabled yes}, joined with {@code redis-cli --cluster create}. Each master
 * also needs its cluster bus port (its port + 10000) free.
 *
 * <p>This class is thread-safe.
 */
public final class RedisServerCluster implements AutoCloseable {
  private final List<RedisServer> masters;

  private RedisServerCluster(List<RedisServer> masters) {
    this.masters = List.copyOf(masters);
  }

  /**
   * Starts {@code size} masters, creates the cluster and waits until every master reports {@code
   * cluster_state:ok}.
   */
  public static RedisServerCluster start(int size) {
    if (size < 3) {
      throw new IllegalArgumentException("a Redis Cluster needs at least 3 masters: " + size);
    }
    List<RedisServer> masters = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        int port = freePortWithBus();
        masters.add(
            RedisServer.start(
                port,
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes-" + port + ".conf",
                "--cluster-node-timeout",
                "2000"));
      }
      List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      for (RedisServer master : masters) {
        command.add("127.0.0.1:" + master.port());
      }
      command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      run(command);
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(
              () ->
                  masters.stream()
                      .allMatch(m -> m.call("CLUSTER INFO").contains("cluster_state:ok")));
      return new RedisServerCluster(masters);
    } catch (RuntimeException e) {
      masters.forEach(RedisServer::close);
      throw e;
    }
  }

  /** Returns the masters, in the order they were started. */
  public List<RedisServer> masters() {
    return masters;
  }

  /** Returns the URI of the first master, a seed from which a cluster client finds the others. */
  public URI seed() {
    return masters.get(0).uri();
  }

  /** Kills every master and deletes their working directories. */
  @Override
  public void close() {
    masters.forEach(RedisServer::close);
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the cluster", e);
    }
  }

  private static int freePortWithBus() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 50_000);
      if (free(port) && free(port + 10_000)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port pair (P, P+10000) found");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
