package dev.herald;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Decides who may connect, before the authenticator runs: an Origin allow-list against Cross-Site
 * WebSocket Hijacking, caps on connections per node and per client, and a connect-rate limit
 * against reconnect storms.
 *
 * <pre>{@code
 * AdmissionPolicy.defaults()
 *     .allowedOrigins("https://app.example.com")
 *     .maxConnections(50_000)
 *     .maxConnectionsPerClient(10)
 *     .connectRate(500, 2_000)
 * }</pre>
 *
 * <p>Instances are immutable; each method that takes a value returns a new policy.
 */
public final class AdmissionPolicy {
  private static final AdmissionPolicy DEFAULTS = new AdmissionPolicy(Set.of(), 0, 0, 0, 1);

  private final Set<String> allowedOrigins;
  private final int maxConnections;
  private final int maxConnectionsPerClient;
  private final int connectsPerSecond;
  private final int connectBurst;

  private AdmissionPolicy(
      Set<String> allowedOrigins,
      int maxConnections,
      int maxConnectionsPerClient,
      int connectsPerSecond,
      int connectBurst) {
    this.allowedOrigins = allowedOrigins;
    this.maxConnections = maxConnections;
    this.maxConnectionsPerClient = maxConnectionsPerClient;
    this.connectsPerSecond = connectsPerSecond;
    this.connectBurst = connectBurst;
  }

  /** Returns the defaults: any origin, no caps, no rate limit. */
  public static AdmissionPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns this policy allowing browsers only from {@code origins}, such as {@code
   * https://app.example.com} (compared without regard to case). A handshake without an Origin
   * header, which no browser sends, is allowed. None: any origin.
   */
  public AdmissionPolicy allowedOrigins(String... origins) {
    Set<String> normalised =
        Stream.of(origins)
            .map(origin -> Objects.requireNonNull(origin, "origin").toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    return new AdmissionPolicy(
        normalised, maxConnections, maxConnectionsPerClient, connectsPerSecond, connectBurst);
  }

  /**
   * Returns this policy with at most {@code max} connections on this node (0: no cap).
   *
   * @throws IllegalArgumentException if {@code max} is negative
   */
  public AdmissionPolicy maxConnections(int max) {
    checkNotNegative("maxConnections", max);
    return new AdmissionPolicy(
        allowedOrigins, max, maxConnectionsPerClient, connectsPerSecond, connectBurst);
  }

  /**
   * Returns this policy with at most {@code max} connections per client on this node (0: no cap).
   *
   * @throws IllegalArgumentException if {@code max} is negative
   */
  public AdmissionPolicy maxConnectionsPerClient(int max) {
    checkNotNegative("maxConnectionsPerClient", max);
    return new AdmissionPolicy(
        allowedOrigins, maxConnections, max, connectsPerSecond, connectBurst);
  }

  /**
   * Returns this policy accepting {@code perSecond} handshakes on this node, with bursts of {@code
   * burst} above that rate.
   *
   * @throws IllegalArgumentException if either is not positive
   */
  public AdmissionPolicy connectRate(int perSecond, int burst) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("perSecond <= 0: " + perSecond);
    }
    if (burst <= 0) {
      throw new IllegalArgumentException("burst <= 0: " + burst);
    }
    return new AdmissionPolicy(
        allowedOrigins, maxConnections, maxConnectionsPerClient, perSecond, burst);
  }

  /** Returns the allowed origins, in lower case; empty if any origin is allowed. */
  public Set<String> allowedOrigins() {
    return allowedOrigins;
  }

  /** Returns the most connections on this node; 0 for no cap. */
  public int maxConnections() {
    return maxConnections;
  }

  /** Returns the most connections one client may hold on this node; 0 for no cap. */
  public int maxConnectionsPerClient() {
    return maxConnectionsPerClient;
  }

  /** Returns the sustained rate of accepted handshakes on this node; 0 for no limit. */
  public int connectsPerSecond() {
    return connectsPerSecond;
  }

  /** Returns how many handshakes may arrive at once above the rate. */
  public int connectBurst() {
    return connectBurst;
  }

  /** Returns whether a handshake with {@code origin} (null if absent) may connect. */
  boolean allowsOrigin(@Nullable String origin) {
    return origin == null
        || allowedOrigins.isEmpty()
        || allowedOrigins.contains(origin.toLowerCase(Locale.ROOT));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof AdmissionPolicy other
        && allowedOrigins.equals(other.allowedOrigins)
        && maxConnections == other.maxConnections
        && maxConnectionsPerClient == other.maxConnectionsPerClient
        && connectsPerSecond == other.connectsPerSecond
        && connectBurst == other.connectBurst;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        allowedOrigins, maxConnections, maxConnectionsPerClient, connectsPerSecond, connectBurst);
  }

  @Override
  public String toString() {
    return "AdmissionPolicy[origins "
        + (allowedOrigins.isEmpty() ? "any" : allowedOrigins)
        + ", max "
        + maxConnections
        + ", per client "
        + maxConnectionsPerClient
        + ", connects/s "
        + connectsPerSecond
        + " burst "
        + connectBurst
        + "]";
  }

  private static void checkNotNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " < 0: " + value);
    }
  }
}
