package dev.herald.redis;

import dev.herald.spi.Broker;
import dev.herald.spi.ClusterRegistry;
import dev.herald.spi.History;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Connects one node to Redis, and yields the {@link Broker}, the {@link ClusterRegistry} and the
 * {@link History} that make its {@link dev.herald.ConnectionManager} one of many:
 *
 * <pre>{@code
 * RedisBridge bridge = RedisBridge.builder(URI.create("redis://redis.internal:6379")).build();
 * ConnectionManager<ChatEvent> manager = ConnectionManager.builder(codec)
 *     .broker(bridge.broker())
 *     .registry(bridge.registry())
 *     .history(HistoryPolicy.of("room:*", 1000, Duration.ofMinutes(10)), bridge.history())
 *     .build();
 * // ...
 * manager.shutdown(Duration.ofSeconds(5));
 * bridge.close();
 * }</pre>
 *
 * <p>One bridge serves one manager: the manager starts the broker, the registry and the history
 * with its node id. Delivery between nodes is at most once: Redis Pub/Sub keeps nothing, so what is
 * published while a node is cut off from Redis is lost, and the receiving nodes report the loss as
 * a gap. The bridge starts even when Redis is unreachable; the manager then serves its own
 * connections while the bridge keeps trying to connect.
 *
 * <p>The bridge creates and owns its Lettuce client and one scheduler thread, and its client
 * resources unless the application gives it its own ({@link Builder#clientResources}); {@link
 * #close()} releases what it owns. This class is thread-safe.
 */
public final class RedisBridge implements AutoCloseable {
  /** The longest wait between two connection attempts. */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  private final AbstractRedisClient client;
  private final ClientResources resources;
  private final boolean ownsResources;
  private final ScheduledExecutorService scheduler;
  private final RedisConnector connector;
  private final RedisBroker broker;
  private final RedisRegistry registry;
  private final RedisHistory history;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisBridge(Builder builder) {
    ClientResources given = builder.resources;
    this.ownsResources = given == null;
    this.resources =
        given != null
            ? given
            : DefaultClientResources.builder()
                .reconnectDelay(
                    Delay.exponential(
                        Duration.ofMillis(100), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .build();
    if (builder.cluster) {
      RedisClusterClient cluster = RedisClusterClient.create(resources, builder.uri);
      cluster.setOptions(clusterOptions(builder.requestQueueSize));
      this.client = cluster;
    } else {
      RedisClient standalone = RedisClient.create(resources);
      standalone.setOptions(options(builder.requestQueueSize));
      this.client = standalone;
    }
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "herald-redis-" + builder.prefix);
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.scheduler = Executors.unconfigurableScheduledExecutorService(executor);
    this.connector = new RedisConnector(client, builder.uri, scheduler, MAX_RECONNECT_DELAY);
    // The broker sheds publishes a little before Lettuce's bound, which logs each one it rejects.
    int maxInFlight = builder.requestQueueSize - builder.requestQueueSize / 16;
    this.broker =
        new RedisBroker(
            connector,
            scheduler,
            builder.prefix,
            Math.max(1, maxInFlight),
            RedisBroker.Timing.DEFAULT);
    this.registry = new RedisRegistry(connector, scheduler, builder.prefix, builder.leaseTtl);
    this.history = new RedisHistory(connector, scheduler, builder.prefix, Math.max(1, maxInFlight));
  }

  /**
   * Returns a builder of a bridge to the Redis at {@code uri}: {@code
   * redis://[[user]:password@]host[:port][/database]}, or {@code rediss://...} for TLS.
   *
   * @throws IllegalArgumentException if the scheme is neither {@code redis} nor {@code rediss}
   */
  public static Builder builder(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException("not a redis:// or rediss:// URI: " + redacted(uri));
    }
    return new Builder(RedisURI.create(uri));
  }

  /** Returns the broker, for {@code ConnectionManager.Builder.broker}. */
  public Broker broker() {
    return broker;
  }

  /** Returns the registry, for {@code ConnectionManager.Builder.registry}. */
  public ClusterRegistry registry() {
    return registry;
  }

  /**
   * Returns the history on Redis Streams, for {@code ConnectionManager.Builder.history}: each topic
   * that keeps one is a stream of its own, shared by every node, and its publications reach the
   * nodes with members over Redis Pub/Sub, with their positions. It needs Redis 6.2 or later, and
   * connects only once the manager starts it.
   */
  public History history() {
    return history;
  }

  /**
   * Removes this node from the registry, closes the connections to Redis and releases the threads.
   * Call it after the manager's {@code shutdown}. Blocks for at most a few seconds. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    connector.close();
    registry.close();
    broker.close();
    history.close();
    // The scheduler goes first, so that no task opens a connection on a client being shut down.
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    if (ownsResources) {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  private static ClientOptions options(int requestQueueSize) {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(requestQueueSize)
        .socketOptions(socketOptions())
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5)))
        .build();
  }

  private static ClusterClientOptions clusterOptions(int requestQueueSize) {
    return ClusterClientOptions.builder()
        .topologyRefreshOptions(
            ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers()
                .enablePeriodicRefresh(Duration.ofSeconds(30))
                .build())
        .autoReconnect(true)
        // As on one server, a command to a master that is down fails at once rather than waiting
        // to be delivered late. Lettuce would reject the first command to a master as well, while
        // it opens the connection to it: RedisConnector opens those connections beforehand.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(requestQueueSize)
        .socketOptions(socketOptions())
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(5)))
        .build();
  }

  private static SocketOptions socketOptions() {
    return SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).keepAlive(true).build();
  }

  private static String redacted(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  /**
   * Configures and builds a {@link RedisBridge}. Each setter checks its argument at once.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final RedisURI uri;
    private String prefix = "herald";
    private Duration leaseTtl = Duration.ofSeconds(15);
    private int requestQueueSize = 65_536;
    private boolean cluster;
    private @Nullable ClientResources resources;

    private Builder(RedisURI uri) {
      this.uri = uri;
    }

    /**
     * Sets the prefix of every key and channel: 1-64 characters of {@code A-Z a-z 0-9 _ . -}.
     * Applications that share one Redis use different prefixes. Default: {@code herald}.
     */
    public Builder prefix(String prefix) {
      if (!PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException("prefix is not 1-64 of A-Z a-z 0-9 _ . -: " + prefix);
      }
      this.prefix = prefix;
      return this;
    }

    /**
     * Sets how long a node's registry entries outlive its last heartbeat (it beats every third of
     * this): a node that dies without closing its bridge leaves the registry within about 1.4 times
     * this. At least one second. Default: 15 seconds.
     */
    public Builder leaseTtl(Duration leaseTtl) {
      if (leaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("leaseTtl < 1s: " + leaseTtl);
      }
      this.leaseTtl = leaseTtl;
      return this;
    }

    /**
     * Sets how many commands one connection may have waiting for Redis; beyond that a publish fails
     * at once and the other nodes report the loss as a gap, rather than memory growing while Redis
     * is slow. Default: 65,536.
     */
    public Builder requestQueueSize(int requestQueueSize) {
      if (requestQueueSize <= 0) {
        throw new IllegalArgumentException("requestQueueSize <= 0: " + requestQueueSize);
      }
      this.requestQueueSize = requestQueueSize;
      return this;
    }

    /**
     * Treats the URI as one node of a Redis Cluster, from which the others are discovered. Messages
     * use classic (not sharded) Pub/Sub, which the cluster spreads to every master.
     */
    public Builder cluster() {
      this.cluster = true;
      return this;
    }

    /**
     * Runs the bridge's Lettuce client on {@code resources}, the event loops and timers the
     * application already has, which it owns and shuts down after the bridge. Their reconnect delay
     * then sets how soon the bridge is back after Redis restarts: Lettuce's default grows to 30 s,
     * the bridge's own resources cap it at 1 s. Default: resources of the bridge's own.
     */
    public Builder clientResources(ClientResources resources) {
      this.resources = Objects.requireNonNull(resources, "resources");
      return this;
    }

    /** Builds the bridge. It connects when the manager starts its broker and registry. */
    public RedisBridge build() {
      return new RedisBridge(this);
    }
  }
}
