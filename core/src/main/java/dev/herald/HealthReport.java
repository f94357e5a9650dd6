package dev.herald;

import java.util.Locale;
import java.util.Objects;

/**
 * What a health endpoint answers for a manager, for servers that are not Spring Boot's (the starter
 * answers through Actuator): a status word, the HTTP status that goes with it, and a JSON document.
 *
 * <table>
 *   <caption>Statuses</caption>
 *   <tr><th>status</th><th>HTTP</th><th>when</th></tr>
 *   <tr><td>{@code healthy}</td><td>200</td><td>serving, and in a cluster reaching the others</td></tr>
 *   <tr><td>{@code degraded: no broker}</td><td>200</td><td>a cluster node that lost the broker:
 *       it still serves its own connections, so a Redis outage does not take every node out of the
 *       load balancer at once</td></tr>
 *   <tr><td>{@code draining}</td><td>503</td><td>the manager is shutting down</td></tr>
 *   <tr><td>{@code not listening}</td><td>503</td><td>the server is not (yet, or any more)
 *       accepting connections</td></tr>
 * </table>
 *
 * <p>The document has {@code status} and {@code activeConnections}; a cluster node adds {@code
 * nodeId}, {@code incarnation}, {@code broker}, {@code clusterConnections} and {@code liveNodes}.
 * Every value is read from memory: answering never waits on the network.
 *
 * <p>Instances are immutable.
 */
public final class HealthReport {
  private static final String HEALTHY = "healthy";
  private static final String DEGRADED = "degraded: no broker";

  private final String status;
  private final String json;

  private HealthReport(String status, String json) {
    this.status = status;
    this.json = json;
  }

  /**
   * Returns the report of {@code manager} now.
   *
   * @param listening whether the server that carries the manager's connections accepts them
   */
  public static HealthReport of(ConnectionManager<?> manager, boolean listening) {
    Objects.requireNonNull(manager, "manager");
    Stats stats = manager.stats();
    boolean clustered = stats.broker() != BrokerState.NONE;
    String status;
    if (manager.isDraining()) {
      status = "draining";
    } else if (!listening) {
      status = "not listening";
    } else {
      status = clustered && stats.broker() != BrokerState.CONNECTED ? DEGRADED : HEALTHY;
    }
    StringBuilder json =
        new StringBuilder()
            .append("{\"status\":\"")
            .append(status)
            .append("\",\"activeConnections\":")
            .append(stats.activeConnections());
    if (clustered) {
      // Node ids and incarnations are letters, digits, - and _ only: nothing to escape.
      json.append(",\"nodeId\":\"")
          .append(manager.nodeId())
          .append("\",\"incarnation\":\"")
          .append(manager.incarnation())
          .append("\",\"broker\":\"")
          .append(stats.broker().name().toLowerCase(Locale.ROOT))
          .append("\",\"clusterConnections\":")
          .append(manager.clusterConnections())
          .append(",\"liveNodes\":")
          .append(manager.liveNodes().size());
    }
    return new HealthReport(status, json.append('}').toString());
  }

  /**
   * Returns the status word: {@code healthy}, {@code degraded: no broker}, {@code draining}, ...
   */
  public String status() {
    return status;
  }

  /** Returns whether the node takes connections: healthy or degraded. */
  public boolean serving() {
    return status.equals(HEALTHY) || status.equals(DEGRADED);
  }

  /** Returns 200 if the node is {@linkplain #serving() serving}, else 503. */
  public int httpStatus() {
    return serving() ? 200 : 503;
  }

  /** Returns the report as a JSON object, for {@code application/json}. */
  public String toJson() {
    return json;
  }

  @Override
  public String toString() {
    return json;
  }
}
