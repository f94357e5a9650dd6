package dev.herald.bench.jmh;

import dev.herald.ConnectionManager;
import dev.herald.fixtures.ManualScheduler;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the heap Herald keeps per idle connection on top of the transport's: opens 100,000
 * connections on {@link NullTransport}s (created and counted before the baseline) and compares the
 * used heap after full collections. Run it with {@code java -cp herald-bench.jar
 * dev.herald.bench.jmh.HeapPerConnection [connections]}, best with a fixed heap such as {@code
 * -Xms2g -Xmx2g -XX:+UseSerialGC}.
 */
public final class HeapPerConnection {
  private HeapPerConnection() {}

  /** Prints the heap per connection with an empty handshake and with a browser-like one. */
  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    PrintStream out = System.out;
    // The first rounds load classes and settle the JIT; the figures are the medians of the rest.
    measure(count, Map.of(), "no headers, warm-up", false);
    double bare = median(count, Map.of(), "no headers");
    double real = median(count, FakeConnections.CLIENT_HEADERS, "6 upgrade headers");
    measure(count, FakeConnections.CLIENT_HEADERS, "6 upgrade headers, class histogram", true);
    out.printf(
        Locale.ROOT,
        "Herald heap per idle connection: %.0f bytes (empty handshake), %.0f bytes (the 6 headers"
            + " Netty's client sends); %.2f MiB per 1k connections%n",
        bare,
        real,
        real * 1000 / (1 << 20));
  }

  private static double median(int count, Map<String, List<String>> headers, String label) {
    double[] rounds = new double[5];
    for (int i = 0; i < rounds.length; i++) {
      rounds[i] = measure(count, headers, label, false);
    }
    Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }

  private static double measure(
      int count, Map<String, List<String>> headers, String label, boolean histogram) {
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class).scheduler(new ManualScheduler()).build();
    long before = usedAfterGc();
    Object[] held = FakeConnections.open(manager, count, headers);
    long after = usedAfterGc();
    if (histogram) {
      printHistogram();
    }
    // A NullTransport is the transport's share, not Herald's: weigh the same number alone.
    long transportsBefore = usedAfterGc();
    NullTransport[] transports = new NullTransport[count];
    for (int i = 0; i < count; i++) {
      transports[i] = new NullTransport();
    }
    long transportsAfter = usedAfterGc();
    Reference.reachabilityFence(transports);
    Reference.reachabilityFence(held);
    double perConnection =
        ((after - before) - (transportsAfter - transportsBefore)) / (double) count;
    System.out.printf(
        Locale.ROOT,
        "%,d connections (%s): %.0f bytes each (fake transports %.0f bytes each, subtracted)%n",
        held.length,
        label,
        perConnection,
        (transportsAfter - transportsBefore) / (double) count);
    manager.close();
    return perConnection;
  }

  /** Prints the classes with the most instances: where the bytes per connection go. */
  private static void printHistogram() {
    try {
      Process jcmd =
          new ProcessBuilder(
                  "jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor();
      text.lines().limit(30).forEach(System.out::println);
    } catch (IOException e) {
      System.out.println("no class histogram: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
