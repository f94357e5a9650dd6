package dev.herald;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The system clock and one daemon thread, {@code herald-sweep}. */
final class SystemScheduler implements Scheduler {
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "herald-sweep");
            thread.setDaemon(true);
            return thread;
          });

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public AutoCloseable repeat(Duration period, Runnable task) {
    long nanos = period.toNanos();
    ScheduledFuture<?> future =
        executor.scheduleAtFixedRate(task, nanos, nanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  void shutdown() {
    executor.shutdownNow();
  }
}
