package dev.herald.bench.jmh;

import dev.herald.Admission;
import dev.herald.ConnectionManager;
import dev.herald.Handshake;
import dev.herald.HeartbeatPolicy;
import dev.herald.HistoryPolicy;
import dev.herald.fixtures.ManualScheduler;
import dev.herald.redis.RedisBridge;
import dev.herald.spi.Frame;
import dev.herald.spi.Link;
import dev.herald.spi.Payload;
import dev.herald.spi.Transport;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Measures publishing 1 KB messages to a topic with one member, from the publish call to the frame
 * handed to the member's transport, with the topic's history off, in memory, and on Redis Streams:
 * the rate one publishing thread sustains and the latency of each publication. The member's
 * transport takes every frame at once, so the figures are Herald's and the history's, not a network
 * library's. Run it with {@code java -cp herald-bench.jar dev.herald.bench.jmh.HistoryThroughput
 * [messages] [redis-uri]}; without a URI, Redis is skipped.
 */
public final class HistoryThroughput {
  private HistoryThroughput() {}

  /** Prints the rate and the latency percentiles of each mode, the modes in one run. */
  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    URI redis = args.length > 1 && !args[1].equals("-") ? URI.create(args[1]) : null;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    for (int round = 0; round < 2; round++) {
      boolean report = round == 1;
      run("off", messages, null, false, rate, report);
      run("memory", messages, null, true, rate, report);
      if (redis != null) {
        run("redis", messages, redis, true, rate, report);
      }
    }
  }

  private static void run(
      String mode, int messages, @Nullable URI redis, boolean history, int rate, boolean report)
      throws Exception {
    RedisBridge bridge =
        redis == null
            ? null
            : RedisBridge.builder(redis).prefix("bench" + System.nanoTime()).build();
    ConnectionManager.Builder<String> builder =
        ConnectionManager.builder(String.class)
            .scheduler(new ManualScheduler())
            .heartbeat(HeartbeatPolicy.disabled());
    HistoryPolicy policy = HistoryPolicy.of("room:*", 10_000, Duration.ofMinutes(5));
    if (bridge != null) {
      builder.broker(bridge.broker()).registry(bridge.registry()).history(policy, bridge.history());
    } else if (history) {
      builder.history(policy);
    }
    ConnectionManager<String> manager = builder.build();
    Timing member = new Timing(messages);
    manager
        .connector()
        .open(
            Handshake.of("/ws/member", Map.of(), null),
            Admission.accept("member"),
            null,
            link -> {
              member.link = link;
              return member;
            });
    manager.connectionsOf("member").forEach(connection -> connection.join("room:bench"));
    String padding = "x".repeat(1000);
    // Redis subscribes to the topic asynchronously: publish until the member gets one.
    while (member.received.getCount() > 0) {
      manager.publish("room:bench", "-" + padding);
      Thread.sleep(10);
    }
    member.arm();
    long start = System.nanoTime();
    long interval = rate > 0 ? 1_000_000_000L / rate : 0;
    for (int i = 0; i < messages; i++) {
      if (interval > 0) {
        long due = start + i * interval;
        while (System.nanoTime() < due) {
          LockSupport.parkNanos(due - System.nanoTime());
        }
      }
      manager.publish("room:bench", System.nanoTime() + padding);
    }
    boolean all = member.received.await(60, TimeUnit.SECONDS);
    long elapsed = System.nanoTime() - start;
    if (report) {
      Histogram latency = member.latency;
      System.out.printf(
          Locale.ROOT,
          "history %-6s %,d messages of 1 KB%s%s: %,.0f msg/s; latency p50 %.1f us, p99 %.1f us,"
              + " p99.9 %.1f us%n",
          mode,
          messages,
          rate > 0 ? " offered at " + rate + "/s" : " as fast as one thread publishes",
          all ? "" : " (NOT ALL ARRIVED)",
          messages / (elapsed / 1e9),
          latency.getValueAtPercentile(50) / 1e3,
          latency.getValueAtPercentile(99) / 1e3,
          latency.getValueAtPercentile(99.9) / 1e3);
    }
    manager.shutdown(Duration.ofSeconds(1));
    if (bridge != null) {
      bridge.close();
    }
  }

  /** A transport whose socket takes everything at once, timing each message it is handed. */
  private static final class Timing implements Transport {
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final int messages;
    volatile CountDownLatch received = new CountDownLatch(1);
    volatile @Nullable Link link;
    private volatile boolean armed;

    Timing(int messages) {
      this.messages = messages;
    }

    /** Starts counting the measured messages; those of the warm-up that still arrive are not. */
    void arm() {
      received = new CountDownLatch(messages);
      armed = true;
    }

    @Override
    public synchronized void wake() {
      Link current = link;
      if (current == null) {
        return;
      }
      Frame frame;
      while ((frame = current.poll()) != null) {
        current.written(frame.size());
        if (frame instanceof Frame.Message message) {
          measure(message.payload());
        }
      }
    }

    private void measure(Payload payload) {
      ByteBuffer bytes = payload.bytes();
      byte[] head = new byte[Math.min(20, bytes.remaining())];
      bytes.get(head);
      String text = new String(head, StandardCharsets.US_ASCII);
      if (armed && !text.startsWith("-")) {
        long sent = Long.parseLong(text.substring(0, text.indexOf('x')));
        latency.recordValue(Math.max(0, System.nanoTime() - sent));
        received.countDown();
      } else if (!armed) {
        received.countDown();
      }
    }

    @Override
    public void abort() {
      Link current = link;
      if (current != null) {
        current.onClose(1006, "aborted", false);
      }
    }
  }
}
