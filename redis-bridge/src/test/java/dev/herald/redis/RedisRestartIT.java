package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisRestartIT {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopPublishing() throws InterruptedException {
    publisher.shutdownNow();
    publisher.awaitTermination(5, TimeUnit.SECONDS);
    redis.server().restart();
  }

  @Test
  void aRedisRestartWhilePublishingIsReportedAsAGapAndDeliveryResumes() throws Exception {
    try (Node a = Node.start("a", redis.server().uri());
        Node b = Node.start("b", redis.server().uri())) {
      Stream stream = new Stream(a, a.connect("alice"), b.connect("bob"));
      Node.awaitSubscribers(redis.server(), "herald:all", 2);
      stream.start();
      stream.awaitRemote(300);

      long down = System.nanoTime();
      redis.server().stop();
      redis.server().restart();
      long up = System.nanoTime();
      int sentBeforeUp = stream.sent.get();

      await().atMost(Duration.ofSeconds(10)).until(() -> b.manager.stats().brokerReconnects() >= 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> b.manager.stats().gaps() > 0);
      long recovered = stream.awaitRemoteAfter(sentBeforeUp);
      System.out.printf(
          "Redis restart: down for %d ms; first message delivered across nodes %d ms after Redis"
              + " answered again%n",
          TimeUnit.NANOSECONDS.toMillis(up - down), TimeUnit.NANOSECONDS.toMillis(recovered - up));
      stream.finish();

      assertThat(stream.local).as("local delivery never stops").hasSize(stream.sent.get());
      assertThat(stream.remote).as("per-publisher order").isSorted();
      // A hole counts once the time a late message may take has passed.
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(stream.remote.size() + b.manager.stats().gaps())
                      .as("every message is delivered or counted as lost")
                      .isEqualTo(stream.sent.get()));
      assertThat(a.manager.stats().brokerReconnects()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void aSubscriberDroppedByRedisIsReportedAsAGapAndDeliveryResumes() throws Exception {
    try (Node a = Node.start("a", redis.server().uri());
        Node b = Node.start("b", redis.server().uri())) {
      Stream stream = new Stream(a, a.connect("alice"), b.connect("bob"));
      Node.awaitSubscribers(redis.server(), "herald:all", 2);
      stream.start();
      stream.awaitRemote(300);

      // What Redis does to a subscriber that overflows client-output-buffer-limit pubsub.
      assertThat(redis.server().call("CLIENT KILL TYPE pubsub")).isEqualTo(":2");
      int sentAtKill = stream.sent.get();

      await().atMost(Duration.ofSeconds(10)).until(() -> b.manager.stats().brokerReconnects() >= 1);
      stream.awaitRemoteAfter(sentAtKill);
      stream.finish();

      assertThat(stream.local).hasSize(stream.sent.get());
      assertThat(stream.remote).isSorted();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(stream.remote.size() + b.manager.stats().gaps())
                      .isEqualTo(stream.sent.get()));
    }
  }

  /** Broadcasts numbered messages from one node at 1,000 a second and records who got which. */
  private final class Stream {
    final Node origin;
    final TestClient localClient;
    final TestClient remoteClient;
    final AtomicInteger sent = new AtomicInteger();
    final List<Integer> local = new ArrayList<>();
    final List<Integer> remote = new ArrayList<>();
    final List<Long> remoteArrivals = new ArrayList<>();

    Stream(Node origin, TestClient localClient, TestClient remoteClient) {
      this.origin = origin;
      this.localClient = localClient;
      this.remoteClient = remoteClient;
    }

    void start() {
      publisher.scheduleAtFixedRate(
          () -> origin.manager.broadcast(Integer.toString(sent.getAndIncrement())),
          0,
          1,
          TimeUnit.MILLISECONDS);
    }

    void awaitRemote(int count) {
      await().atMost(Duration.ofSeconds(10)).until(() -> drain() && remote.size() >= count);
    }

    /** Waits for a remote message numbered at least {@code number}; returns when it arrived. */
    long awaitRemoteAfter(int number) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> drain() && !remote.isEmpty() && remote.get(remote.size() - 1) >= number);
      for (int i = 0; i < remote.size(); i++) {
        if (remote.get(i) >= number) {
          return remoteArrivals.get(i);
        }
      }
      throw new AssertionError("unreachable");
    }

    /** Stops publishing, then collects everything still on its way. */
    void finish() throws InterruptedException {
      publisher.shutdown();
      publisher.awaitTermination(5, TimeUnit.SECONDS);
      origin.manager.broadcast("end");
      await().atMost(Duration.ofSeconds(10)).until(() -> drain() && localEnded && remoteEnded);
    }

    private boolean localEnded;
    private boolean remoteEnded;

    private boolean drain() {
      for (Object message = localClient.poll(); message != null; message = localClient.poll()) {
        if (message.equals("end")) {
          localEnded = true;
        } else {
          local.add(Integer.parseInt((String) message));
        }
      }
      for (Object message = remoteClient.poll(); message != null; message = remoteClient.poll()) {
        if (message.equals("end")) {
          remoteEnded = true;
        } else {
          remote.add(Integer.parseInt((String) message));
          remoteArrivals.add(System.nanoTime());
        }
      }
      return true;
    }
  }
}
