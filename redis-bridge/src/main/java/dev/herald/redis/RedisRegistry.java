package dev.herald.redis;

import dev.herald.Connection;
import dev.herald.spi.ClusterRegistry;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps in Redis which node holds which client's connections, and which nodes are alive.
 *
 * <p>Keys, all under the prefix:
 *
 * <ul>
 *   <li>{@code <prefix>:client:<clientId>}: hash, connection id to node id; what {@link #nodesOf}
 *       reads, one round trip.
 *   <li>{@code <prefix>:node:<nodeId>}: string, the node's incarnation and connection count ({@code
 *       "k3x9a0qz 12"}), with a TTL: the node's lease, renewed by its heartbeat every third of the
 *       TTL.
 *   <li>{@code <prefix>:conns:<nodeId>}: hash, connection id to client id: what the node holds, so
 *       that another node can remove its entries once its lease has expired.
 *   <li>{@code <prefix>:nodes}: set of the node ids that announced themselves.
 * </ul>
 *
 * <p>Every heartbeat renews this node's lease, reads the set and the leases of the others into
 * memory (the cluster views), and reaps each node in the set whose lease has expired. Each key is
 * addressed alone, so the layout works unchanged on a Redis Cluster. If this node's lease or its
 * set membership was gone (Redis lost its data, or this node was presumed dead), or a write failed,
 * the heartbeat writes this node's entries again from memory. The first heartbeat of an incarnation
 * makes Redis hold exactly this incarnation's entries: what an earlier one that died without
 * closing left behind (its lease may still be alive if the node restarted at once) is removed then,
 * since connection ids carry the incarnation and the earlier ones are not in memory.
 *
 * <p>This class is thread-safe. {@link #added} and {@link #removed} only queue commands; the
 * heartbeat runs on the bridge's scheduler thread and never waits on Redis.
 */
final class RedisRegistry implements ClusterRegistry {
  private static final Logger log = LoggerFactory.getLogger(RedisRegistry.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final RedisConnector connector;
  private final ScheduledExecutorService scheduler;
  private final String prefix;
  private final String nodesKey;
  private final Duration leaseTtl;
  private final Map<String, String> local = new ConcurrentHashMap<>();
  private final Map<String, Integer> localClients = new ConcurrentHashMap<>();
  private final BiConsumer<Object, @Nullable Throwable> writeOutcome = this::written;
  private volatile @Nullable String nodeId;
  private volatile String incarnation = "";
  private volatile RedisConnector.@Nullable Link<String, String> link;
  private volatile View view = new View(Set.of(), 0, Set.of());
  private volatile boolean resyncNeeded;
  private volatile boolean closed;

  // Confined to the scheduler thread.
  private @Nullable ScheduledFuture<?> heartbeat;
  private boolean beating;
  private boolean heartbeatFailing;
  private boolean registered;

  RedisRegistry(
      RedisConnector connector,
      ScheduledExecutorService scheduler,
      String prefix,
      Duration leaseTtl) {
    this.connector = connector;
    this.scheduler = scheduler;
    this.prefix = prefix;
    this.nodesKey = prefix + ":nodes";
    this.leaseTtl = leaseTtl;
  }

  @Override
  public void start(String nodeId, String incarnation) {
    Objects.requireNonNull(nodeId, "nodeId");
    this.incarnation = Objects.requireNonNull(incarnation, "incarnation");
    synchronized (this) {
      String existing = this.nodeId;
      if (existing != null) {
        throw new IllegalStateException("registry started already, as node " + existing);
      }
      this.nodeId = nodeId;
    }
    view = new View(Set.of(nodeId), 0, Set.of());
    long period = leaseTtl.toMillis() / 3;
    scheduler.execute(
        () ->
            heartbeat =
                scheduler.scheduleAtFixedRate(
                    this::heartbeat, period, period, TimeUnit.MILLISECONDS));
    connector.openCommands("registry connection", StringCodec.UTF8, this::opened);
  }

  @Override
  public void added(Connection<?> connection) {
    local.put(connection.id(), connection.clientId());
    localClients.merge(connection.clientId(), 1, Integer::sum);
    RedisConnector.Link<String, String> current = link;
    if (current != null) {
      write(current.commands(), connection.id(), connection.clientId());
    } else {
      resyncNeeded = true;
    }
  }

  @Override
  public void removed(Connection<?> connection) {
    if (local.remove(connection.id()) == null) {
      return;
    }
    localClients.computeIfPresent(connection.clientId(), (k, n) -> n == 1 ? null : n - 1);
    RedisConnector.Link<String, String> current = link;
    if (current != null) {
      erase(current.commands(), connection.id(), connection.clientId());
    } else {
      resyncNeeded = true;
    }
  }

  @Override
  public CompletionStage<Set<String>> nodesOf(String clientId) {
    String self = nodeId;
    boolean here = self != null && localClients.containsKey(clientId);
    RedisConnector.Link<String, String> current = link;
    if (current == null || self == null) {
      return CompletableFuture.completedFuture(
          here ? Set.of(Objects.requireNonNull(self)) : Set.of());
    }
    return current
        .commands()
        .hvals(clientKey(clientId))
        .handle(
            (nodes, error) -> {
              Set<String> result = new HashSet<>();
              if (error == null) {
                Set<String> dead = view.dead;
                for (String node : nodes) {
                  // This node's own memory is more current than Redis about this node.
                  if (!node.equals(self) && !dead.contains(node)) {
                    result.add(node);
                  }
                }
              }
              if (here) {
                result.add(self);
              }
              return Set.copyOf(result);
            });
  }

  @Override
  public Set<String> liveNodes() {
    return view.live;
  }

  @Override
  public long totalConnections() {
    return view.otherConnections + local.size();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      scheduler.execute(
          () -> {
            if (heartbeat != null) {
              heartbeat.cancel(false);
            }
          });
    } catch (RejectedExecutionException e) {
      // The scheduler is shut down already: the heartbeat is gone with it.
    }
    RedisConnector.Link<String, String> current = link;
    String self = nodeId;
    if (current == null || self == null) {
      return;
    }
    RedisClusterAsyncCommands<String, String> redis = current.commands();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    local.forEach(
        (id, client) -> pending.add(redis.hdel(clientKey(client), id).toCompletableFuture()));
    pending.add(redis.del(connsKey(self)).toCompletableFuture());
    // The lease goes last: a node that sees it gone finds nothing left to reap.
    pending.add(redis.srem(nodesKey, self).toCompletableFuture());
    pending.add(redis.del(leaseKey(self)).toCompletableFuture());
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn(
          "Could not remove node {} from Redis ({}): other nodes reap it when its lease expires",
          self,
          e.toString());
    }
    current.connection().close();
  }

  private void opened(RedisConnector.Link<String, String> opened) {
    if (closed) {
      opened.connection().closeAsync();
      return;
    }
    link = opened;
    heartbeat();
  }

  /** Renews the lease, refreshes the views, reaps dead nodes, repairs this node's entries. */
  private void heartbeat() {
    RedisConnector.Link<String, String> current = link;
    String self = nodeId;
    if (closed || beating || current == null || self == null) {
      return;
    }
    beating = true;
    RedisClusterAsyncCommands<String, String> redis = current.commands();
    boolean repair = resyncNeeded;
    resyncNeeded = false;
    // One after the other: on a Redis Cluster these keys live on different masters, and a node
    // must hold its lease before it appears in the set, or another node could reap it.
    CompletableFuture<@Nullable String> lease =
        redis
            .setGet(
                leaseKey(self),
                incarnation + " " + local.size(),
                SetArgs.Builder.px(leaseTtl.toMillis()))
            .toCompletableFuture();
    CompletableFuture<Long> announced = lease.thenCompose(l -> redis.sadd(nodesKey, self));
    CompletableFuture<Map<String, @Nullable String>> leases =
        announced
            .thenCompose(a -> redis.smembers(nodesKey))
            .thenCompose(nodes -> leasesOf(redis, nodes, self));
    leases.whenCompleteAsync(
        (others, error) -> {
          beating = false;
          if (error != null) {
            resyncNeeded |= repair;
            if (!heartbeatFailing) {
              heartbeatFailing = true;
              log.warn(
                  "Registry heartbeat to Redis at {} failed ({}): the views are stale, and this"
                      + " node's lease lapses after {} if it keeps failing",
                  connector.address(),
                  error.toString(),
                  leaseTtl);
            }
            return;
          }
          if (heartbeatFailing) {
            heartbeatFailing = false;
            log.info("Registry heartbeat to Redis at {} works again", connector.address());
          }
          update(self, others);
          for (String dead : view.dead) {
            reap(redis, dead);
          }
          String previous = lease.join();
          boolean lost = previous == null || announced.join() == 1;
          if (!registered && previous != null && !previous.startsWith(incarnation + " ")) {
            log.info(
                "Node {} restarted as incarnation {} while its lease of {} was alive: removing what"
                    + " the earlier incarnation left",
                self,
                incarnation,
                previous.substring(0, Math.max(0, previous.indexOf(' '))));
          }
          if (lost || repair || !registered) {
            resync(redis, self, lost && registered);
          }
          registered = true;
        },
        scheduler);
  }

  private CompletableFuture<Map<String, @Nullable String>> leasesOf(
      RedisClusterAsyncCommands<String, String> redis, Set<String> nodes, String self) {
    Map<String, CompletableFuture<String>> pending = new HashMap<>();
    for (String node : nodes) {
      if (!node.equals(self)) {
        pending.put(node, redis.get(leaseKey(node)).toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              Map<String, @Nullable String> leases = new HashMap<>();
              pending.forEach((node, value) -> leases.put(node, value.join()));
              return leases;
            });
  }

  private void update(String self, Map<String, @Nullable String> others) {
    Set<String> live = new HashSet<>();
    Set<String> dead = new HashSet<>();
    long connections = 0;
    live.add(self);
    for (Map.Entry<String, @Nullable String> entry : others.entrySet()) {
      String count = entry.getValue();
      if (count == null) {
        dead.add(entry.getKey());
      } else {
        live.add(entry.getKey());
        connections += parseCount(count);
      }
    }
    Set<String> before = view.live;
    for (String node : live) {
      if (!before.contains(node) && !node.equals(self)) {
        log.info("Node {} is alive", node);
      }
    }
    for (String node : before) {
      if (!live.contains(node)) {
        log.info("Node {} is gone", node);
      }
    }
    view = new View(Set.copyOf(live), connections, Set.copyOf(dead));
  }

  /** Removes the entries of a node whose lease expired. Idempotent: several nodes may do it. */
  private void reap(RedisClusterAsyncCommands<String, String> redis, String dead) {
    redis
        .hgetall(connsKey(dead))
        .thenAccept(
            entries -> {
              entries.forEach((id, client) -> redis.hdel(clientKey(client), id));
              redis.del(connsKey(dead));
              // Last, so that a reaper that fails half-way leaves the node to be reaped again.
              redis.srem(nodesKey, dead);
              if (!entries.isEmpty()) {
                log.info(
                    "Reaped node {}: its lease expired; removed its {} connections",
                    dead,
                    entries.size());
              }
            });
  }

  /** Makes Redis hold exactly this node's connections, from memory. */
  private void resync(RedisClusterAsyncCommands<String, String> redis, String self, boolean lost) {
    if (lost && !local.isEmpty()) {
      log.info(
          "Registering {} connections of node {} again: Redis had lost them", local.size(), self);
    }
    redis
        .hgetall(connsKey(self))
        .whenCompleteAsync(
            (stored, error) -> {
              if (error != null) {
                resyncNeeded = true;
                return;
              }
              int stale = 0;
              for (Map.Entry<String, String> entry : stored.entrySet()) {
                if (!local.containsKey(entry.getKey())) {
                  erase(redis, entry.getKey(), entry.getValue());
                  stale++;
                }
              }
              if (stale > 0) {
                log.info("Removed {} stale registry entries of node {}", stale, self);
              }
              for (Map.Entry<String, String> entry : local.entrySet()) {
                String id = entry.getKey();
                write(redis, id, entry.getValue());
                // removed() may have erased it just before the write: erase it after, too.
                if (!local.containsKey(id)) {
                  erase(redis, id, entry.getValue());
                }
              }
            },
            scheduler);
  }

  private void write(RedisClusterAsyncCommands<String, String> redis, String id, String client) {
    String self = Objects.requireNonNull(nodeId);
    redis.hset(clientKey(client), id, self).whenComplete(writeOutcome);
    redis.hset(connsKey(self), id, client).whenComplete(writeOutcome);
  }

  private void erase(RedisClusterAsyncCommands<String, String> redis, String id, String client) {
    redis.hdel(clientKey(client), id).whenComplete(writeOutcome);
    redis.hdel(connsKey(Objects.requireNonNull(nodeId)), id).whenComplete(writeOutcome);
  }

  private void written(Object ignored, @Nullable Throwable error) {
    if (error != null) {
      resyncNeeded = true;
    }
  }

  private String clientKey(String clientId) {
    return prefix + ":client:" + clientId;
  }

  private String leaseKey(String node) {
    return prefix + ":node:" + node;
  }

  private String connsKey(String node) {
    return prefix + ":conns:" + node;
  }

  private static long parseCount(String lease) {
    try {
      return Math.max(0, Long.parseLong(lease.substring(lease.indexOf(' ') + 1)));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Holds what the last heartbeat learned. Instances are immutable.
   *
   * @param live the nodes holding a lease, this one included
   * @param otherConnections the connections the other live nodes held at their last heartbeat
   * @param dead the nodes in the set whose lease had expired
   */
  private record View(Set<String> live, long otherConnections, Set<String> dead) {}
}
