package dev.herald.spring.boot;

import dev.herald.BrokerState;
import dev.herald.ConnectionManager;
import dev.herald.Stats;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Herald's part of the health endpoint: {@code OUT_OF_SERVICE} once the manager drains, else up,
 * with this node's connections and, in a cluster, the broker's state. A broker that lost Redis does
 * not make the node down: it still serves its own connections, and taking every node out of a load
 * balancer because Redis went away would serve nobody.
 */
final class HeraldHealthIndicator implements HealthIndicator {
  private final ConnectionManager<?> manager;

  HeraldHealthIndicator(ConnectionManager<?> manager) {
    this.manager = manager;
  }

  @Override
  public Health health() {
    Stats stats = manager.stats();
    Health.Builder health = manager.isDraining() ? Health.outOfService() : Health.up();
    health
        .withDetail("node", manager.nodeId())
        .withDetail("connections", stats.activeConnections());
    BrokerState broker = stats.broker();
    if (broker != BrokerState.NONE) {
      health.withDetail("broker", broker);
    }
    return health.build();
  }
}
