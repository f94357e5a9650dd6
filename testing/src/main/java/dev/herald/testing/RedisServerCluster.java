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
 * Runs a Redis Cluster on loopback for tests: one {@link RedisServer} per master and per replica
 * with {@code --cluster-enabled yes}, joined with {@code redis-cli --cluster create}. Each server
 * also needs its cluster bus port (its port + 10000) free. The cluster node timeout is one second,
 * so a replica takes over from a master that stopped within about three seconds.
 *
 * <p>This class is thread-safe.
 */
public final class RedisServerCluster implements AutoCloseable {
  private static final String NODE_TIMEOUT_MILLIS = "1000";

  private final List<RedisServer> masters;
  private final List<RedisServer> replicas;

  private RedisServerCluster(List<RedisServer> masters, List<RedisServer> replicas) {
    this.masters = List.copyOf(masters);
    this.replicas = List.copyOf(replicas);
  }

  /**
   * Starts {@code size} masters without replicas, creates the cluster and waits until every master
   * reports {@code cluster_state:ok}.
   */
  public static RedisServerCluster start(int size) {
    return start(size, 0);
  }

  /**
   * Starts {@code masters} masters with {@code replicasPerMaster} replicas each, creates the
   * cluster and waits until every server reports {@code cluster_state:ok} and every replica is in
   * sync with its master.
   *
   * @throws IllegalArgumentException if {@code masters < 3} or {@code replicasPerMaster < 0}
   */
  public static RedisServerCluster start(int masters, int replicasPerMaster) {
    if (masters < 3) {
      throw new IllegalArgumentException("a Redis Cluster needs at least 3 masters: " + masters);
    }
    if (replicasPerMaster < 0) {
      throw new IllegalArgumentException("replicasPerMaster < 0: " + replicasPerMaster);
    }
    List<RedisServer> servers = new ArrayList<>();
    try {
      for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
        int port = freePortWithBus();
        servers.add(
            RedisServer.start(
                port,
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes-" + port + ".conf",
                "--cluster-node-timeout",
                NODE_TIMEOUT_MILLIS));
      }
      List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      for (RedisServer server : servers) {
        command.add("127.0.0.1:" + server.port());
      }
      command.addAll(
          List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
      run(command);
      // redis-cli makes masters of the first servers on one host, but ROLE is what counts.
      List<RedisServer> started = new ArrayList<>();
      List<RedisServer> following = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(
              () -> {
                started.clear();
                following.clear();
                for (RedisServer server : servers) {
                  (role(server).startsWith("master\n") ? started : following).add(server);
                }
                return started.size() == masters && following.size() == servers.size() - masters;
              });
      RedisServerCluster cluster = new RedisServerCluster(started, following);
      cluster.awaitOk(Duration.ofSeconds(20));
      return cluster;
    } catch (RuntimeException e) {
      servers.forEach(RedisServer::close);
      throw e;
    }
  }

  /** Returns the servers that were masters when the cluster was created, in the order started. */
  public List<RedisServer> masters() {
    return masters;
  }

  /** Returns the servers that were replicas when the cluster was created, in the order started. */
  public List<RedisServer> replicas() {
    return replicas;
  }

  /**
   * Returns the replica that replicates {@code master} now.
   *
   * @throws IllegalArgumentException if no running replica follows it
   */
  public RedisServer replicaOf(RedisServer master) {
    for (RedisServer server : all()) {
      if (server.isRunning()) {
        String[] role = role(server).split("\n");
        // A replica answers: slave, its master's host, ":" and port, link state, offset.
        if (role[0].equals("slave") && role[2].equals(":" + master.port())) {
          return server;
        }
      }
    }
    throw new IllegalArgumentException("no running replica follows " + master);
  }

  /** Returns whether {@code server} is a master now, as its {@code ROLE} says. */
  public static boolean isMaster(RedisServer server) {
    return role(server).startsWith("master\n");
  }

  /**
   * Waits until every running server reports {@code cluster_state:ok} and every running replica's
   * link to its master is up: after {@link #start}, after servers restart, after a failover.
   *
   * @throws org.awaitility.core.ConditionTimeoutException if that takes longer than {@code timeout}
   */
  public void awaitOk(Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(
            () ->
                all().stream()
                    .filter(RedisServer::isRunning)
                    .allMatch(
                        server ->
                            server.call("CLUSTER INFO").contains("cluster_state:ok")
                                && !server
                                    .call("INFO replication")
                                    .contains("master_link_status:down")));
  }

  /** Returns the URI of the first master, a seed from which a cluster client finds the others. */
  public URI seed() {
    return masters.get(0).uri();
  }

  /** Kills every server and deletes their working directories. */
  @Override
  public void close() {
    all().forEach(RedisServer::close);
  }

  private List<RedisServer> all() {
    List<RedisServer> all = new ArrayList<>(masters);
    all.addAll(replicas);
    return all;
  }

  private static String role(RedisServer server) {
    return server.call("ROLE");
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
