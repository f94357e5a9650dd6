package dev.herald.bench.jmh;

import dev.herald.ConnectionManager;
import dev.herald.HistoryPolicy;
import dev.herald.fixtures.ManualScheduler;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures the heap an in-memory history takes per 1,000 entries of 1 KB: publishes 100,000 such
 * messages to 100 topics that keep them all, and compares the used heap after full collections.
 * Each message is a text frame of 1,000 ASCII characters. Run it with {@code java -Xms2g -Xmx2g
 * -XX:+UseSerialGC -cp herald-bench.jar dev.herald.bench.jmh.HistoryHeap [entries]}.
 */
public final class HistoryHeap {
  private HistoryHeap() {}

  /** Prints the heap per 1,000 entries, the median of five rounds after a warm-up. */
  public static void main(String[] args) {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    measure(entries);
    double[] rounds = new double[5];
    for (int i = 0; i < rounds.length; i++) {
      rounds[i] = measure(entries);
    }
    Arrays.sort(rounds);
    System.out.printf(
        Locale.ROOT,
        "History heap per 1,000 entries of 1 KB: %.0f KiB (median of %d rounds)%n",
        rounds[rounds.length / 2] / 1024,
        rounds.length);
  }

  private static double measure(int entries) {
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class)
            .scheduler(new ManualScheduler())
            .history(HistoryPolicy.of("t*", entries, Duration.ofHours(1)).maxBytes(1L << 31))
            .build();
    long before = usedAfterGc();
    for (int i = 0; i < entries; i++) {
      // A fresh string each time, as messages are: nothing is shared between entries.
      manager.publish("t" + (i % 100), (1_000_000 + i) + "x".repeat(993));
    }
    long after = usedAfterGc();
    double perThousand = (after - before) * 1000.0 / entries;
    System.out.printf(
        Locale.ROOT,
        "%,d entries: %.0f KiB per 1,000 (history reports %,d payload bytes)%n",
        manager.stats().historyEntries(),
        perThousand / 1024,
        manager.stats().historyBytes());
    manager.close();
    return perThousand;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
