package dev.herald.redis;

import dev.herald.spi.ClusterRegistry;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.cluster.ClusterRegistryContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Holds the Redis registry to the contract every registry keeps. Each registry runs on a client and
 * a scheduler of its own, so that a crash can stop them without the registry's own clean-up.
 */
class RedisRegistryContractIT extends ClusterRegistryContract {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private final Map<ClusterRegistry, Runnable> stops = new IdentityHashMap<>();

  @Override
  protected ClusterRegistry newRegistry() {
    RedisURI uri = RedisURI.create(redis.server().uri());
    RedisClient client = RedisClient.create();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    RedisConnector connector = new RedisConnector(client, uri, scheduler, Duration.ofSeconds(1));
    RedisRegistry registry =
        new RedisRegistry(connector, scheduler, "herald", Duration.ofSeconds(2));
    stops.put(
        registry,
        () -> {
          connector.close();
          scheduler.shutdownNow();
          client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        });
    return registry;
  }

  @Override
  protected void crash(ClusterRegistry registry) {
    stops.remove(registry).run();
  }

  @AfterEach
  void stopClients() {
    // Runs before the contract's own clean-up: close the registries (removing their entries) first.
    stops.forEach(
        (registry, stop) -> {
          registry.close();
          stop.run();
        });
  }
}
