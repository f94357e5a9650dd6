package dev.herald.redis;

import dev.herald.testing.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures the bridge on loopback, with Redis, two nodes and their clients in one process: the
 * latency a second node adds over local delivery at a steady rate, the cross-node broadcast
 * throughput, and the recovery time after a Redis restart. Not a test: run it with
 *
 * <pre>
 * mvn -B -pl redis-bridge test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.herald.redis.BridgeBenchmark
 * </pre>
 */
final class BridgeBenchmark {
  private static final int RATE = 10_000;
  private static final int SECONDS = 5;

  private BridgeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int status = 0;
    try {
      run();
    } catch (Throwable e) {
      e.printStackTrace();
      status = 1;
    }
    // Java-WebSocket's non-daemon threads could keep the JVM alive after a failure.
    System.exit(status);
  }

  private static void run() throws Exception {
    try (RedisServer redis = RedisServer.start();
        Node a = Node.start("a", redis.uri());
        Node b = Node.start("b", redis.uri())) {
      Node.awaitSubscribers(redis, "herald:all", 2);
      int count = RATE * SECONDS;
      Receiver local = Receiver.connect(a, "local", count);
      Receiver remote = Receiver.connect(b, "remote", count);

      paced(a, RATE * 2, null, null);
      local.reset();
      remote.reset();
      long[] sent = new long[count];
      paced(a, count, sent, null);
      local.await(count);
      remote.await(count);
      report("local delivery (same node)", latencies(sent, local.arrivals, count));
      report("cross-node delivery", latencies(sent, remote.arrivals, count));
      long[] added = new long[count];
      for (int i = 0; i < count; i++) {
        added[i] = (remote.arrivals[i] - sent[i]) - (local.arrivals[i] - sent[i]);
      }
      report("added by the bridge (per message: remote - local)", added);

      for (int rate : new int[] {20_000, 40_000, 60_000}) {
        int messages = rate * 3;
        Receiver sustained = Receiver.connect(b, "sustained" + rate, messages);
        Node.awaitSubscribers(redis, "herald:all", 2);
        long begin = System.nanoTime();
        paced(a, messages, null, null, rate);
        for (int i = messages; sustained.highest < messages; i++) {
          a.manager.broadcast(Integer.toString(i));
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        int got = sustained.receivedBelow(messages);
        System.out.printf(
            "sustained %d msg/s for 3 s: %d of %d delivered on the other node (%.0f msg/s), %d"
                + " lost%n",
            rate,
            got,
            messages,
            got * 1e9 / (sustained.lastArrivalBelow(messages) - begin),
            messages - got);
        sustained.close();
      }

      int burst = 200_000;
      Receiver flood = Receiver.connect(b, "flood", burst);
      Node.awaitSubscribers(redis, "herald:all", 2);
      long start = System.nanoTime();
      for (int i = 0; i < burst; i++) {
        a.manager.broadcast(Integer.toString(i));
      }
      long published = System.nanoTime();
      // Per-publisher order: once a later message arrived, each of the burst arrived or was lost.
      for (int i = burst; flood.highest < burst; i++) {
        a.manager.broadcast(Integer.toString(i));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      int delivered = flood.receivedBelow(burst);
      long done = flood.lastArrivalBelow(burst);
      System.out.printf(
          "throughput: %d broadcasts published in %d ms (%.0f/s); %d delivered on the other node"
              + " in %d ms (%.0f msg/s); %d shed at the publisher or lost, reported as gaps%n",
          burst,
          TimeUnit.NANOSECONDS.toMillis(published - start),
          burst * 1e9 / (published - start),
          delivered,
          TimeUnit.NANOSECONDS.toMillis(done - start),
          delivered * 1e9 / (done - start),
          burst - delivered);
      flood.close();

      for (int round = 1; round <= 3; round++) {
        remote.reset();
        AtomicInteger lastSent = new AtomicInteger();
        Thread publisher = new Thread(() -> paced(a, 1_000 * 10, null, lastSent), "publisher");
        publisher.start();
        remote.await(500);
        long down = System.nanoTime();
        redis.stop();
        redis.restart();
        long up = System.nanoTime();
        int afterUp = lastSent.get();
        long recovered = remote.awaitAfter(afterUp);
        System.out.printf(
            "redis restart %d: down %d ms; first cross-node delivery %d ms after Redis answered%n",
            round,
            TimeUnit.NANOSECONDS.toMillis(up - down),
            TimeUnit.NANOSECONDS.toMillis(recovered - up));
        publisher.join();
      }
    }
  }

  /**
   * Broadcasts {@code count} messages numbered from 0 at {@link #RATE} a second (1,000 with {@code
   * last}).
   */
  private static void paced(Node node, int count, long[] sent, AtomicInteger last) {
    paced(node, count, sent, last, last == null ? RATE : 1_000);
  }

  /** Broadcasts {@code count} messages numbered from 0 at {@code rate} a second. */
  private static void paced(Node node, int count, long[] sent, AtomicInteger last, int rate) {
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long next = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long now;
      while ((now = System.nanoTime()) < next) {
        LockSupport.parkNanos(next - now);
      }
      if (sent != null) {
        sent[i] = System.nanoTime();
      }
      node.manager.broadcast(Integer.toString(i));
      if (last != null) {
        last.set(i);
      }
      next += interval;
    }
  }

  private static long[] latencies(long[] sent, long[] arrivals, int count) {
    long[] result = new long[count];
    for (int i = 0; i < count; i++) {
      result[i] = arrivals[i] - sent[i];
    }
    return result;
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%s at %d msg/s: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
        what,
        RATE,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted[(int) (sorted.length * 0.999)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  /** A WebSocket client that stamps each message's arrival, indexed by the number it carries. */
  private static final class Receiver implements WebSocket.Listener {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final long[] arrivals;
    final AtomicInteger received = new AtomicInteger();
    volatile int highest = -1;
    private final StringBuilder text = new StringBuilder();
    private WebSocket socket;

    private Receiver(int capacity) {
      arrivals = new long[capacity];
    }

    static Receiver connect(Node node, String clientId, int capacity) {
      Receiver receiver = new Receiver(capacity);
      receiver.socket =
          HTTP.newWebSocketBuilder()
              .buildAsync(URI.create("ws://127.0.0.1:" + node.port + "/ws/" + clientId), receiver)
              .join();
      return receiver;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      long now = System.nanoTime();
      text.append(data);
      if (last) {
        int number = Integer.parseInt(text, 0, text.length(), 10);
        text.setLength(0);
        if (number < arrivals.length) {
          arrivals[number] = now;
        }
        highest = Math.max(highest, number);
        received.incrementAndGet();
      }
      webSocket.request(1);
      return null;
    }

    void reset() {
      received.set(0);
      highest = -1;
    }

    void await(int count) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (received.get() < count) {
        check(deadline);
      }
    }

    /**
     * Waits for a message numbered at least {@code number}; returns when it saw it (1 ms polls).
     */
    long awaitAfter(int number) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (highest < number) {
        check(deadline);
      }
      return System.nanoTime();
    }

    int receivedBelow(int limit) {
      int count = 0;
      for (int i = 0; i < limit; i++) {
        if (arrivals[i] != 0) {
          count++;
        }
      }
      return count;
    }

    long lastArrivalBelow(int limit) {
      long last = 0;
      for (int i = 0; i < limit; i++) {
        last = Math.max(last, arrivals[i]);
      }
      return last;
    }

    void close() {
      socket.abort();
    }

    private static void check(long deadline) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out");
      }
      LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
    }
  }
}
