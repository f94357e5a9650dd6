package dev.herald;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides who may connect, before the authenticator runs: an Origin allow-list against Cross-Site
 * WebSocket Hijacking, caps on connections per node and per client, and a connect-rate limit
 * against reconnect storms.
 *
 * <p>Instances are immutable.
 *
 * @param allowedOrigins the Origin header values a browser may connect from, such as {@code
 *     https://app.example.com}; empty to allow any. A handshake without an Origin header (not from a
 *     browser) is allowed.
 * @param maxConnections the most connections on this node; 0 for no cap
 * @param maxConnectionsPerClient the most connections one client may hold on this node; 0 for no cap
 * @param connectsPerSecond the sustained rate of accepted handshakes on this node; 0 for no limit
 * @param connectBurst how many handshakes may arrive at once above that rate
 */
public record AdmissionPolicy(
    Set<String> allowedOrigins,
    int maxConnections,
    int maxConnectionsPerClient,
    int connectsPerSecond,
    int connectBurst) {

  /** Checks the values and normalises the origins to lower case. */
  public AdmissionPolicy {
    allowedOrigins =
        allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    if (maxConnections < 0) {
      throw new IllegalArgumentException("maxConnections < 0: " + maxConnections);
    }
    if (maxConnectionsPerClient < 0) {
      throw new IllegalArgumentException("maxConnectionsPerClient < 0: " + maxConnectionsPerClient);
    }
    if (connectsPerSecond < 0) {
      throw new IllegalArgumentException("connectsPerSecond < 0: " + connectsPerSecond);
    }
    if (connectBurst < 1) {
      throw new IllegalArgumentException("connectBurst < 1: " + connectBurst);
    }
  }

  /** Returns the defaults: any origin, no caps, no rate limit. */
  public static AdmissionPolicy defaults() {
    return new AdmissionPolicy(Set.of(), 0, 0, 0, 1);
  }

  /** Returns this policy allowing browsers only from {@code origins}. */
  public AdmissionPolicy allowedOrigins(String... origins) {
    return new AdmissionPolicy(
        Set.of(origins), maxConnections, maxConnectionsPerClient, connectsPerSecond, connectBurst);
  }

  /** Returns this policy with at most {@code max} connections on this node. */
  public AdmissionPolicy maxConnections(int max) {
    return new AdmissionPolicy(
        allowedOrigins, max, maxConnectionsPerClient, connectsPerSecond, connectBurst);
  }

  /** Returns this policy with at most {@code max} connections per client on this node. */
  public AdmissionPolicy maxConnectionsPerClient(int max) {
    return new AdmissionPolicy(allowedOrigins, maxConnections, max, connectsPerSecond, connectBurst);
  }

  /** Returns this policy accepting {@code perSecond} handshakes, with bursts of {@code burst}. */
  public AdmissionPolicy connectRate(int perSecond, int burst) {
    return new AdmissionPolicy(
        allowedOrigins, maxConnections, maxConnectionsPerClient, perSecond, burst);
  }

  /** Returns whether a handshake with {@code origin} (null if absent) may connect. */
  boolean allowsOrigin(@org.jspecify.annotations.Nullable String origin) {
    return origin == null
        || allowedOrigins.isEmpty()
        || allowedOrigins.contains(origin.toLowerCase(Locale.ROOT));
  }
}
