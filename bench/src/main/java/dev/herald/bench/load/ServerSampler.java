package dev.herald.bench.load;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a server process's CPU time and resident memory from {@code /proc} every 250 ms, and its
 * Java heap in use with {@code jcmd PID GC.heap_info} once a second, while an attack runs.
 *
 * <p>This class is thread-safe.
 */
final class ServerSampler implements AutoCloseable {
  private final long pid;
  private final double cpuAtStart;
  private final ScheduledExecutorService timer =
      Executors.newScheduledThreadPool(
          2,
          task -> {
            Thread thread = new Thread(task, "attack-sampler");
            thread.setDaemon(true);
            return thread;
          });
  private long maxRssKib = -1;
  private long maxHeapKib = -1;

  private ServerSampler(long pid) {
    this.pid = pid;
    this.cpuAtStart = ProcStats.cpuSeconds(pid);
  }

  /** Starts sampling process {@code pid}. */
  static ServerSampler start(long pid) {
    ServerSampler sampler = new ServerSampler(pid);
    sampler.timer.scheduleAtFixedRate(sampler::sampleRss, 0, 250, TimeUnit.MILLISECONDS);
    // jcmd attaches to the JVM and takes ~0.2-0.5 s itself: once a second, on its own thread.
    sampler.timer.scheduleWithFixedDelay(sampler::sampleHeap, 0, 1, TimeUnit.SECONDS);
    return sampler;
  }

  private void sampleRss() {
    long rss = ProcStats.rssKib(pid);
    synchronized (this) {
      maxRssKib = Math.max(maxRssKib, rss);
    }
  }

  private void sampleHeap() {
    long heap = ProcStats.heapUsedKib(pid);
    synchronized (this) {
      maxHeapKib = Math.max(maxHeapKib, heap);
    }
  }

  /** Returns the CPU time the process used since sampling started, in ms, or -1. */
  long cpuMillis() {
    double now = ProcStats.cpuSeconds(pid);
    return now < 0 || cpuAtStart < 0 ? -1 : Math.round((now - cpuAtStart) * 1000);
  }

  /** Returns the largest resident set size sampled, in KiB, or -1. */
  synchronized long maxRssKib() {
    return maxRssKib;
  }

  /** Returns the largest Java heap in use sampled, in KiB, or -1 if jcmd gave none. */
  synchronized long maxHeapKib() {
    return maxHeapKib;
  }

  /** Stops sampling, waiting up to 5 s for a jcmd under way. */
  @Override
  public void close() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }
}
