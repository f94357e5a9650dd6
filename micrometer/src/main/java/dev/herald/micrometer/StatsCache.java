package dev.herald.micrometer;

import dev.herald.ConnectionManager;
import dev.herald.Stats;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Holds a manager's latest {@link Stats} for a moment, so that a scrape reading dozens of meters
 * takes one snapshot rather than one per meter: a snapshot sums every counter and copies the topic
 * table.
 *
 * <p>This class is thread-safe.
 */
final class StatsCache {
  private static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private volatile @Nullable Taken last;

  /** Returns a snapshot of {@code manager} at most half a second old. */
  Stats of(ConnectionManager<?> manager) {
    Taken taken = last;
    long now = System.nanoTime();
    if (taken == null || now - taken.at > FRESH_NANOS) {
      taken = new Taken(manager.stats(), now);
      last = taken;
    }
    return taken.stats;
  }

  private record Taken(Stats stats, long at) {}
}
