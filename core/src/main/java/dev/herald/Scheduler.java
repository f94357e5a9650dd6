package dev.herald;

import java.time.Duration;

/**
 * Supplies the time and the one periodic task Herald runs: the sweep that sends heartbeats and
 * closes dead peers. Tests inject a manual one to move time by hand.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Scheduler {

  /** Returns a monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /**
   * Runs {@code task} every {@code period}, never two runs at once, until the returned handle is
   * closed. The task must not block.
   */
  AutoCloseable repeat(Duration period, Runnable task);

  /**
   * Returns a scheduler on the system clock with one daemon thread of its own. A manager that was
   * given no scheduler creates one and stops it on shutdown.
   */
  static Scheduler system() {
    return new SystemScheduler();
  }
}
