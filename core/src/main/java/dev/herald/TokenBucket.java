package dev.herald;

/**
 * Allows {@code rate} events per second with bursts of {@code burst}. Not thread-safe: each caller
 * either owns its bucket or synchronizes on it.
 */
final class TokenBucket {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double perNano;
  private final double burst;
  private double tokens;
  private long refilledAt;

  TokenBucket(int rate, int burst, long now) {
    this.perNano = (double) rate / NANOS_PER_SECOND;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = now;
  }

  /** Takes one token if there is one. */
  boolean tryTake(long now) {
    tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
