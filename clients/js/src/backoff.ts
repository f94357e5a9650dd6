/**
 * Delays between reconnect attempts: exponential with full jitter (a uniformly random delay from 0
 * to the exponential bound, capped), so that clients a server dropped together do not come back
 * together.
 */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly min: number,
    private readonly max: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** Returns the delay before the next attempt, and counts one more failure. */
  next(): number {
    const bound = Math.min(this.max, this.min * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return Math.floor(this.random() * bound);
  }

  /** Returns how many attempts failed since the last reset. */
  attempts(): number {
    return this.failures;
  }

  /** Starts over from the smallest bound, once a connection proved stable. */
  reset(): void {
    this.failures = 0;
  }
}
