package dev.herald.spring.boot;

import dev.herald.BrokerState;
import dev.herald.ConnectionManager;
import dev.herald.HealthReport;
import dev.herald.Stats;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Herald's part of the health endpoint, decided by core's {@link HealthReport}: up while the node
 * serves, degraded broker included, {@code OUT_OF_SERVICE} once the manager drains; with this
 * node's id, its connections and, in a cluster, the broker's state. The server is Spring Boot's, so
 * it counts as listening while the context runs.
 */
final class HeraldHealthIndicator implements HealthIndicator {
  private final ConnectionManager<?> manager;

  HeraldHealthIndicator(ConnectionManager<?> manager) {
    this.manager = manager;
  }

  @Override
  public Health health() {
    Health.Builder health =
        HealthReport.of(manager, true).serving() ? Health.up() : Health.outOfService();
    Stats stats = manager.stats();
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
