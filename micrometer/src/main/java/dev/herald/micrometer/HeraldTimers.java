package dev.herald.micrometer;

import dev.herald.Timings;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Records a manager's {@link Timings} as Micrometer timers, each with a histogram of 16 buckets
 * (100 µs to 10 s) a Prometheus query can take percentiles from:
 *
 * <ul>
 *   <li>{@code herald.queue.wait}: how long a message waited in a connection's queue before the
 *       transport took it (sampled: each connection's first message and one in 64 after it);
 *   <li>{@code herald.fanout}: how long a broadcast, publish or send to a client took to queue one
 *       message for all its targets on this node, and {@code herald.fanout.targets} how many they
 *       were;
 *   <li>{@code herald.ping.rtt}: a WebSocket ping's round trip;
 *   <li>{@code herald.broker.publish}: from a publish to the broker's store acknowledging it.
 * </ul>
 *
 * <p>Give it to the builder, before the manager exists:
 *
 * <pre>{@code
 * ConnectionManager.builder(codec).timings(HeraldTimers.of(registry)).build();
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class HeraldTimers implements Timings {
  private static final Duration[] BUCKETS =
      LongStream.of(
              100_000,
              250_000,
              500_000,
              1_000_000,
              2_500_000,
              5_000_000,
              10_000_000,
              25_000_000,
              50_000_000,
              100_000_000,
              250_000_000,
              500_000_000,
              1_000_000_000,
              2_500_000_000L,
              5_000_000_000L,
              10_000_000_000L)
          .mapToObj(Duration::ofNanos)
          .toArray(Duration[]::new);
  private final Timer queued;
  private final Timer fannedOut;
  private final DistributionSummary targets;
  private final Timer pinged;
  private final Timer published;

  private HeraldTimers(MeterRegistry registry, Tags tags) {
    queued =
        timer(
            registry,
            tags,
            "herald.queue.wait",
            "Time a message waited in a connection's queue before the transport took it"
                + " (sampled).");
    fannedOut =
        timer(
            registry,
            tags,
            "herald.fanout",
            "Time a broadcast, publish or send to a client took to queue one message for all its"
                + " targets on this node.");
    targets =
        DistributionSummary.builder("herald.fanout.targets")
            .description("Connections on this node one broadcast, publish or send reached.")
            .tags(tags)
            .register(registry);
    pinged = timer(registry, tags, "herald.ping.rtt", "Round trip of a WebSocket ping.");
    published =
        timer(
            registry,
            tags,
            "herald.broker.publish",
            "Time from a publish to the broker's store acknowledging it.");
  }

  /** Returns timers registered in {@code registry}, without tags of their own. */
  public static HeraldTimers of(MeterRegistry registry) {
    return of(registry, Tags.empty());
  }

  /** Returns timers registered in {@code registry}, each with {@code tags} as well. */
  public static HeraldTimers of(MeterRegistry registry, Iterable<Tag> tags) {
    return new HeraldTimers(
        Objects.requireNonNull(registry, "registry"),
        Tags.of(Objects.requireNonNull(tags, "tags")));
  }

  @Override
  public void queued(long nanos) {
    queued.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void fannedOut(int targets, long nanos) {
    fannedOut.record(nanos, TimeUnit.NANOSECONDS);
    this.targets.record(targets);
  }

  @Override
  public void pinged(long nanos) {
    pinged.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void published(long nanos) {
    published.record(nanos, TimeUnit.NANOSECONDS);
  }

  // Sixteen buckets, from 100 µs to 10 s, as Prometheus client libraries choose them: percentiles
  // by query, with a fixed number of series per timer. Micrometer's own histogram would have 119.
  private static Timer timer(MeterRegistry registry, Tags tags, String name, String description) {
    return Timer.builder(name)
        .description(description)
        .tags(tags)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
