package dev.herald.bench.jmh;

import dev.herald.ConnectionManager;
import dev.herald.HeartbeatPolicy;
import dev.herald.fixtures.ManualScheduler;
import dev.herald.spi.Link;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures one heartbeat sweep over 10,000 connections (ping every 25 s, timeout 10 s): the work
 * Herald's single timer does each tick, whatever the number of connections. The connections answer
 * before a ping falls due, so the sweep measures the common case: reading a few fields per
 * connection and finding nothing to do. One operation is one tick of the manager's sweep.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HeartbeatSweepBenchmark {
  /** The sweep's tick with this policy: a quarter of the timeout, capped at one second. */
  private static final Duration TICK = Duration.ofSeconds(1);

  /** Ticks between pongs: fewer than the 25 ticks after which a ping falls due. */
  private static final int TICKS_PER_PONG = 20;

  @Param({"10000"})
  int connections;

  private ConnectionManager<String> manager;
  private ManualScheduler scheduler;
  private Link[] links;
  private int ticks;

  @Setup
  public void open() {
    scheduler = new ManualScheduler();
    manager =
        ConnectionManager.builder(String.class)
            .scheduler(scheduler)
            .heartbeat(
                HeartbeatPolicy.defaults()
                    .interval(Duration.ofSeconds(25))
                    .timeout(Duration.ofSeconds(10)))
            .build();
    links = FakeConnections.open(manager, connections, Map.of());
  }

  /** Plays every peer answering, outside the measured sweep, every 20 ticks. */
  @Setup(Level.Invocation)
  public void answer() {
    if (++ticks % TICKS_PER_PONG == 0) {
      for (Link link : links) {
        link.onPong();
      }
    }
  }

  @TearDown
  public void close() {
    manager.close();
  }

  /** Runs one sweep over every connection; returns the number of connections swept. */
  @Benchmark
  public int sweep() {
    scheduler.advance(TICK);
    return connections;
  }
}
