package dev.herald.transport.jakarta;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write for a filter's connections: one per core for the pings and closes, which
 * the Jakarta API sends blocking (messages go out asynchronously from whichever thread has them),
 * and one that sweeps every connection at a fixed period to tell the manager which ones have had a
 * send in flight for half a second. The asynchronous API says when a send completed, never that a
 * socket is full: a send that long in flight is what a full socket looks like from here, and only
 * then does the manager's outbound limit apply to what waits. A shorter wait mistook Tomcat working
 * through a burst (it encodes text per connection, 8 KiB at a time) for readers that stopped.
 *
 * <p>This class is thread-safe.
 */
final class Writers {
  /** How long a send may stay in flight before its connection counts as blocked. */
  static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private static final long SWEEP_MILLIS = 100;

  private final ExecutorService writes;
  private final ScheduledExecutorService sweeper;
  private final Set<ContainerTransport> transports = ConcurrentHashMap.newKeySet();

  Writers() {
    writes =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), new Named("writer"));
    sweeper = Executors.newSingleThreadScheduledExecutor(new Named("sweep"));
    sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} on a writer thread; throws if the writers stopped. */
  void execute(Runnable task) throws RejectedExecutionException {
    writes.execute(task);
  }

  void add(ContainerTransport transport) {
    transports.add(transport);
  }

  void remove(ContainerTransport transport) {
    transports.remove(transport);
  }

  void shutdown() {
    sweeper.shutdownNow();
    writes.shutdown();
  }

  private void sweep() {
    long now = System.nanoTime();
    for (ContainerTransport transport : transports) {
      transport.sweep(now);
    }
  }

  /** Names the threads and lets them die with the process. */
  private static final class Named implements ThreadFactory {
    private final String role;
    private final AtomicInteger count = new AtomicInteger();

    Named(String role) {
      this.role = role;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "herald-jakarta-" + role + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
