package dev.herald.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens Lettuce connections to one Redis server or one Redis Cluster, and keeps trying, with a
 * capped back-off, until the first connection succeeds; after that Lettuce reconnects by itself.
 *
 * <p>On a cluster, a command connection routes each command to the master of its key's slot over a
 * connection of its own to that master, which Lettuce 7.7 opens on the first command for it; and
 * the bridge rejects commands while disconnected, so Lettuce rejects a command that would wait for
 * that connection ({@code ClusterDistributionChannelWriter.shouldRejectPendingConnection}). This
 * connector therefore opens the connection to every master before it hands a command connection
 * over, and again as often as it retries connecting, for the masters a topology refresh found (a
 * promoted replica, a master added) and those a first attempt could not reach.
 *
 * <p>This class is thread-safe.
 */
final class RedisConnector {
  /** Channel names as strings, messages as the bytes {@link WireFormat} made. */
  static final RedisCodec<String, byte[]> FRAMES =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);
  private static final long FIRST_RETRY_MILLIS = 100;

  private final AbstractRedisClient client;
  private final RedisURI uri;
  private final ScheduledExecutorService scheduler;
  private final Duration maxRetryDelay;
  private final AtomicBoolean unreachableLogged = new AtomicBoolean();
  private final List<StatefulRedisClusterConnection<?, ?>> clusterConnections =
      new CopyOnWriteArrayList<>();
  private final AtomicBoolean mastersWatched = new AtomicBoolean();
  private volatile boolean closed;

  RedisConnector(
      AbstractRedisClient client,
      RedisURI uri,
      ScheduledExecutorService scheduler,
      Duration maxRetryDelay) {
    this.client = client;
    this.uri = uri;
    this.scheduler = scheduler;
    this.maxRetryDelay = maxRetryDelay;
  }

  /**
   * Pairs a connection with its asynchronous commands, one interface for a server and a cluster.
   * Instances are immutable.
   */
  record Link<K, V>(
      StatefulConnection<K, V> connection, RedisClusterAsyncCommands<K, V> commands) {}

  /** Returns {@code host:port} of the server or seed node, without credentials, for logs. */
  String address() {
    return uri.getHost() + ":" + uri.getPort();
  }

  /**
   * Opens a command connection, retrying until it succeeds or this connector closes; then runs
   * {@code opened} on the scheduler.
   */
  <K, V> void openCommands(String what, RedisCodec<K, V> codec, Consumer<Link<K, V>> opened) {
    open(what, () -> connectCommands(codec), opened);
  }

  /** Opens a Pub/Sub connection, as {@link #openCommands} does. */
  void openPubSub(String what, Consumer<StatefulRedisPubSubConnection<String, byte[]>> opened) {
    open(what, this::connectPubSub, opened);
  }

  /** Stops retrying. The connections already open are their owners' to close. */
  void close() {
    closed = true;
  }

  private <C> void open(String what, Supplier<CompletionStage<C>> attempt, Consumer<C> opened) {
    scheduler.execute(() -> tryOpen(what, attempt, opened, FIRST_RETRY_MILLIS));
  }

  private <C> void tryOpen(
      String what, Supplier<CompletionStage<C>> attempt, Consumer<C> opened, long delayMillis) {
    if (closed) {
      return;
    }
    CompletionStage<C> connecting;
    try {
      connecting = attempt.get();
    } catch (RuntimeException e) {
      connecting = CompletableFuture.failedFuture(e);
    }
    connecting.whenCompleteAsync(
        (connection, error) -> {
          if (error == null && closed) {
            closeQuietly(connection);
          } else if (error == null) {
            if (unreachableLogged.compareAndSet(true, false)) {
              log.info("Redis at {} is reachable: connected the {}", address(), what);
            }
            opened.accept(connection);
          } else if (!closed) {
            if (unreachableLogged.compareAndSet(false, true)) {
              log.warn(
                  "Redis at {} is unreachable ({}): serving local connections only, retrying at"
                      + " most every {} ms",
                  address(),
                  rootMessage(error),
                  maxRetryDelay.toMillis());
            } else {
              log.debug(
                  "Redis at {} still unreachable for the {}: {}",
                  address(),
                  what,
                  rootMessage(error));
            }
            long next = Math.min(delayMillis * 2, maxRetryDelay.toMillis());
            scheduler.schedule(
                () -> tryOpen(what, attempt, opened, next), delayMillis, TimeUnit.MILLISECONDS);
          }
        },
        scheduler);
  }

  private <K, V> CompletionStage<Link<K, V>> connectCommands(RedisCodec<K, V> codec) {
    if (client instanceof RedisClusterClient cluster) {
      loadTopology(cluster);
      return cluster
          .connectAsync(codec)
          .thenCompose(
              c -> {
                clusterConnections.add(c);
                watchMasters();
                return connectMasters(c).thenApply(ignored -> new Link<>(c, c.async()));
              });
    }
    return ((RedisClient) client)
        .connectAsync(codec, uri)
        .toCompletableFuture()
        .thenApply(c -> new Link<>(c, c.async()));
  }

  private CompletionStage<StatefulRedisPubSubConnection<String, byte[]>> connectPubSub() {
    if (client instanceof RedisClusterClient cluster) {
      loadTopology(cluster);
      return cluster.connectPubSubAsync(FRAMES).thenApply(c -> c);
    }
    return ((RedisClient) client).connectPubSubAsync(FRAMES, uri).toCompletableFuture();
  }

  /**
   * Loads the cluster's topology if no connection has yet. Blocks this (scheduler) thread for at
   * most the connect timeout: the asynchronous connect methods of Lettuce 7.7 fail with "Partitions
   * not initialized" until the topology is loaded, and only the blocking call loads it.
   *
   * @throws RuntimeException if no seed node answers
   */
  private static void loadTopology(RedisClusterClient cluster) {
    cluster.getPartitions();
  }

  /**
   * Opens, from now on and as often as connections are retried, the connections to the masters that
   * the command connections do not hold yet.
   */
  private void watchMasters() {
    if (!mastersWatched.compareAndSet(false, true)) {
      return;
    }
    long period = maxRetryDelay.toMillis();
    try {
      scheduler.scheduleWithFixedDelay(
          this::connectAllMasters, period, period, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The bridge is closing: there is no connection left to look after.
    }
  }

  private void connectAllMasters() {
    if (closed) {
      clusterConnections.clear();
      return;
    }
    for (StatefulRedisClusterConnection<?, ?> connection : clusterConnections) {
      if (connection instanceof RedisChannelHandler<?, ?> handler && handler.isClosed()) {
        // Its owner closed it.
        clusterConnections.remove(connection);
      } else {
        connectMasters(connection);
      }
    }
  }

  /**
   * Opens {@code connection}'s connection to each master that serves slots, unless it is open or
   * opening already: the ones its commands are routed over. Completes when every attempt ended,
   * successful or not; a master that cannot be reached now is tried again on the next round.
   */
  private static CompletableFuture<Void> connectMasters(
      StatefulRedisClusterConnection<?, ?> connection) {
    List<CompletableFuture<?>> attempts = new ArrayList<>();
    for (RedisClusterNode node : connection.getPartitions()) {
      RedisURI address = node.getUri();
      if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM) || node.hasNoSlots() || address == null) {
        continue;
      }
      try {
        // By host and port, as the slot routing asks (PooledClusterConnectionProvider): a
        // connection by node id would be another one. Returns the connection open or opening.
        attempts.add(
            connection
                .getConnectionAsync(address.getHost(), address.getPort())
                .handle((opened, error) -> null));
      } catch (RuntimeException e) {
        // The connection is closing, or the node left the cluster view in the meantime.
        log.debug("Not connecting to the master at {}: {}", address, e.toString());
      }
    }
    return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new));
  }

  private static void closeQuietly(Object connection) {
    if (connection instanceof Link<?, ?> link) {
      link.connection().closeAsync();
    } else if (connection instanceof StatefulConnection<?, ?> stateful) {
      stateful.closeAsync();
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
