package dev.herald.bench.jmh;

import dev.herald.ConnectionManager;
import dev.herald.HeartbeatPolicy;
import dev.herald.micrometer.HeraldTimers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Measures one broadcast of a 1 KB text message to every connection, on transports whose send does
 * nothing: Herald's own cost per broadcast. With {@code -prof gc}, {@code gc.alloc.rate.norm}
 * divided by the connection count is what each target costs in allocation; encode-once means a few
 * bytes (a queue entry at most), never a copy of the payload.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BroadcastBenchmark {
  @Param({"10000"})
  int connections;

  /** Whether the manager reports its {@code HeraldTimers} to a registry. */
  @Param({"false", "true"})
  boolean timed;

  private ConnectionManager<String> manager;
  private String message;

  @Setup
  public void open() {
    ConnectionManager.Builder<String> builder =
        // The system's clock, which the timings read.
        ConnectionManager.builder(String.class).heartbeat(HeartbeatPolicy.disabled());
    if (timed) {
      builder.timings(HeraldTimers.of(new SimpleMeterRegistry()));
    }
    manager = builder.build();
    FakeConnections.open(manager, connections, Map.of());
    message = "x".repeat(1024);
  }

  @TearDown
  public void close() {
    manager.close();
  }

  /** Broadcasts to every connection; returns how many it was queued for. */
  @Benchmark
  public int broadcast() {
    return manager.broadcast(message);
  }

  /** Broadcasts to every connection but one, as the echo server's broadcast does. */
  @Benchmark
  public int broadcastExceptSender() {
    return manager.broadcast(message, "none");
  }
}
