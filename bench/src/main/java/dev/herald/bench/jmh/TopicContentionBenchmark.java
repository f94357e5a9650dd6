package dev.herald.bench.jmh;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.HeartbeatPolicy;
import dev.herald.fixtures.ManualScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures the registry and topics under contention: several threads join and leave topics while
 * another publishes to them, on 10,000 connections: 5,000 stay in 100 topics (50 members each), the
 * other 5,000 join and leave those same topics at random. Also each operation alone on four
 * threads, for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TopicContentionBenchmark {
  private static final int CONNECTIONS = 10_000;
  private static final int TOPICS = 100;
  private static final int MEMBERS = CONNECTIONS / 2;

  private ConnectionManager<String> manager;
  private String[] ids;
  private String[] topics;
  private String message;

  @Setup
  public void open() {
    List<String> opened = new ArrayList<>();
    manager =
        ConnectionManager.builder(String.class)
            .scheduler(new ManualScheduler())
            .heartbeat(HeartbeatPolicy.disabled())
            .listener(
                new ConnectionListener<>() {
                  @Override
                  public void onOpen(Connection<String> connection) {
                    opened.add(connection.id());
                  }
                })
            .build();
    FakeConnections.open(manager, CONNECTIONS, Map.of());
    ids = opened.toArray(new String[0]);
    topics = new String[TOPICS];
    for (int t = 0; t < TOPICS; t++) {
      topics[t] = "topic-" + t;
    }
    // The first half stays in its topics, so that every publish reaches about 50 members; the
    // second half churns through the same topics, so that joins contend with the publishes.
    for (int i = 0; i < MEMBERS; i++) {
      manager.join(ids[i], topics[i % TOPICS]);
    }
    message = "x".repeat(1024);
  }

  @TearDown
  public void close() {
    manager.close();
  }

  /** Joins a random churning connection to a random topic and leaves it again. */
  @Benchmark
  @Group("mixed")
  @GroupThreads(3)
  public boolean joinLeave() {
    return joinAndLeave();
  }

  /** Publishes to a random topic while the other threads of the group join and leave. */
  @Benchmark
  @Group("mixed")
  @GroupThreads(1)
  public int publish() {
    return manager.publish(topics[ThreadLocalRandom.current().nextInt(TOPICS)], message);
  }

  /** Joins and leaves on four threads, nothing else. */
  @Benchmark
  @Threads(4)
  public boolean joinLeaveOnly() {
    return joinAndLeave();
  }

  /** Looks connections up by id on four threads: what every sendTo does first. */
  @Benchmark
  @Threads(4)
  public boolean lookup() {
    return manager.connection(ids[ThreadLocalRandom.current().nextInt(ids.length)]).isPresent();
  }

  private boolean joinAndLeave() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String id = ids[MEMBERS + random.nextInt(CONNECTIONS - MEMBERS)];
    String topic = topics[random.nextInt(TOPICS)];
    return manager.join(id, topic) & manager.leave(id, topic);
  }
}
