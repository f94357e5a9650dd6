package dev.herald.spring.boot;

import dev.herald.AdmissionPolicy;
import dev.herald.HeartbeatPolicy;
import dev.herald.InboundPolicy;
import dev.herald.OutboundPolicy;
import dev.herald.Overflow;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code herald.*} properties. A property left out keeps the default of Herald's policy, named
 * beside it.
 *
 * @param path the servlet URL pattern the WebSocket endpoint answers on, such as {@code /ws/*}
 * @param protocols WebSocket subprotocols agreed to, in order of preference, each spoken with the
 *     manager's codec; a client that asks for none of them is served as well
 * @param nodeId this node's id in a cluster; default: a random one
 * @param heartbeat {@code herald.heartbeat.*}
 * @param inbound {@code herald.inbound.*}
 * @param outbound {@code herald.outbound.*}
 * @param admission {@code herald.admission.*}
 * @param shutdown {@code herald.shutdown.*}
 * @param redis {@code herald.redis.*}
 */
@ConfigurationProperties("herald")
public record HeraldProperties(
    @DefaultValue("/ws/*") String path,
    @DefaultValue List<String> protocols,
    @Nullable String nodeId,
    @DefaultValue Heartbeat heartbeat,
    @DefaultValue Inbound inbound,
    @DefaultValue Outbound outbound,
    @DefaultValue Admission admission,
    @DefaultValue Shutdown shutdown,
    @DefaultValue Redis redis) {

  /**
   * How dead peers are found.
   *
   * @param enabled false to send no pings at all
   * @param interval time between pings (25 s)
   * @param timeout how long a pong may take before the peer counts as dead (10 s)
   */
  public record Heartbeat(
      @DefaultValue("true") boolean enabled,
      @Nullable Duration interval,
      @Nullable Duration timeout) {

    HeartbeatPolicy policy() {
      if (!enabled) {
        return HeartbeatPolicy.disabled();
      }
      HeartbeatPolicy policy = HeartbeatPolicy.defaults();
      if (interval != null) {
        policy = policy.interval(interval);
      }
      return timeout == null ? policy : policy.timeout(timeout);
    }
  }

  /**
   * Limits on what peers send.
   *
   * @param maxMessageSize the largest message; a larger one closes with 1009 (1 MiB)
   * @param rate messages per second per connection, 0 for no limit (100)
   * @param burst messages allowed at once above the rate (1,000)
   */
  public record Inbound(
      @Nullable DataSize maxMessageSize, @Nullable Integer rate, @Nullable Integer burst) {

    InboundPolicy policy() {
      InboundPolicy policy = InboundPolicy.defaults();
      if (maxMessageSize != null) {
        policy = policy.maxMessageSize(Math.toIntExact(maxMessageSize.toBytes()));
      }
      if (rate != null && rate == 0) {
        return policy.unlimitedRate();
      }
      if (rate != null || burst != null) {
        policy =
            policy.rate(
                rate == null ? policy.messagesPerSecond() : rate,
                burst == null ? policy.burst() : burst);
      }
      return policy;
    }
  }

  /**
   * The bound on each connection's send queue.
   *
   * @param limit bytes queued for one connection before the overflow policy applies (1 MiB)
   * @param overflow what happens then (DISCONNECT)
   */
  public record Outbound(@Nullable DataSize limit, @Nullable Overflow overflow) {

    OutboundPolicy policy() {
      OutboundPolicy policy = OutboundPolicy.defaults();
      if (limit != null) {
        policy = policy.limit(limit.toBytes());
      }
      return overflow == null ? policy : policy.onOverflow(overflow);
    }
  }

  /**
   * Who may connect.
   *
   * @param allowedOrigins the browser origins allowed, such as {@code https://app.example.com}
   *     (any)
   * @param maxConnections connections on this node, 0 for no cap
   * @param maxConnectionsPerClient connections per client on this node, 0 for no cap
   * @param connectRate handshakes per second on this node (no limit)
   * @param connectBurst handshakes allowed at once above that rate (1)
   */
  public record Admission(
      @DefaultValue List<String> allowedOrigins,
      @DefaultValue("0") int maxConnections,
      @DefaultValue("0") int maxConnectionsPerClient,
      @Nullable Integer connectRate,
      @DefaultValue("1") int connectBurst) {

    AdmissionPolicy policy() {
      AdmissionPolicy policy =
          AdmissionPolicy.defaults()
              .allowedOrigins(allowedOrigins.toArray(String[]::new))
              .maxConnections(maxConnections)
              .maxConnectionsPerClient(maxConnectionsPerClient);
      return connectRate == null ? policy : policy.connectRate(connectRate, connectBurst);
    }
  }

  /**
   * What happens when the application stops.
   *
   * @param readinessDelay how long readiness reports the node unready, while it still serves its
   *     connections and admits new ones, before the drain begins: at least as long as the load
   *     balancer takes to notice
   * @param grace how long the drain waits for connections to take their 1001 close
   */
  public record Shutdown(
      @DefaultValue("0s") Duration readinessDelay, @DefaultValue("5s") Duration grace) {}

  /**
   * A cluster on Redis (needs {@code herald-redis-bridge}).
   *
   * @param url the Redis URL, such as {@code redis://redis.internal:6379}; none: this node alone
   * @param cluster true if {@code url} is one node of a Redis Cluster
   * @param prefix the prefix of every key and channel (herald)
   * @param leaseTtl how long the registry keeps a node that stopped renewing its lease (15 s)
   */
  public record Redis(
      @Nullable URI url,
      @DefaultValue("false") boolean cluster,
      @Nullable String prefix,
      @Nullable Duration leaseTtl) {}
}
