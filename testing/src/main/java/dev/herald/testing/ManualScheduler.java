package dev.herald.testing;

import dev.herald.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scheduler whose time moves only when a test calls {@link #advance}: heartbeat logic runs
 * without sleeping, deterministically.
 *
 * <p>This class is thread-safe; repeated tasks run on the thread that calls {@link #advance}.
 */
public final class ManualScheduler implements Scheduler {
  private final List<Repeat> repeats = new CopyOnWriteArrayList<>();
  private volatile long now;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public AutoCloseable repeat(Duration period, Runnable task) {
    Repeat repeat = new Repeat(period.toNanos(), task, now + period.toNanos());
    repeats.add(repeat);
    return () -> repeats.remove(repeat);
  }

  /** Moves time forward by {@code duration}, running each repeated task every time it falls due. */
  public synchronized void advance(Duration duration) {
    long target = now + duration.toNanos();
    while (true) {
      Repeat next = null;
      for (Repeat repeat : repeats) {
        if (repeat.due <= target && (next == null || repeat.due < next.due)) {
          next = repeat;
        }
      }
      if (next == null) {
        break;
      }
      now = next.due;
      next.due += next.period;
      next.task.run();
    }
    now = target;
  }

  private static final class Repeat {
    final long period;
    final Runnable task;
    long due;

    Repeat(long period, Runnable task, long due) {
      this.period = period;
      this.task = task;
      this.due = due;
    }
  }
}
