package dev.herald.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.ConnectionManager;
import dev.herald.HeartbeatPolicy;
import dev.herald.testing.TestClient;
import dev.herald.transport.javawebsocket.HeraldWebSocketServer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timers over a real server and real clients. */
class HeraldTimersTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ConnectionManager<String> manager =
      ConnectionManager.builder(String.class)
          .heartbeat(
              HeartbeatPolicy.defaults()
                  .interval(Duration.ofMillis(200))
                  .timeout(Duration.ofSeconds(5)))
          .timings(HeraldTimers.of(registry, Tags.of("endpoint", "chat")))
          .build();
  private final HeraldWebSocketServer server =
      HeraldWebSocketServer.builder(manager)
          .address(new InetSocketAddress("127.0.0.1", 0))
          .build()
          .start();

  @AfterEach
  void stop() {
    manager.shutdown(Duration.ofSeconds(2));
    server.close();
  }

  @Test
  void aBroadcastIsTimedForItsFanOutAndItsWaitInTheQueues() {
    URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
    try (TestClient alice = TestClient.connect(uri);
        TestClient bob = TestClient.connect(uri)) {
      await().atMost(TIMEOUT).until(() -> manager.stats().activeConnections() == 2);

      assertThat(manager.broadcast("hello")).isEqualTo(2);

      assertThat(alice.awaitText(TIMEOUT)).isEqualTo("hello");
      assertThat(bob.awaitText(TIMEOUT)).isEqualTo("hello");
      assertThat(timer("herald.fanout").count()).isEqualTo(1);
      assertThat(registry.get("herald.fanout.targets").summary().totalAmount()).isEqualTo(2);
      // Each connection took its copy off its queue before the client could read it.
      assertThat(timer("herald.queue.wait").count()).isEqualTo(2);
      assertThat(timer("herald.queue.wait").max(TimeUnit.SECONDS)).isLessThan(TIMEOUT.toSeconds());
      assertThat(timer("herald.fanout").getId().getTag("endpoint")).isEqualTo("chat");
    }
  }

  @Test
  void aPingsRoundTripIsTimed() {
    try (TestClient client =
        TestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"))) {
      // The JDK's client answers the server's pings by itself.
      await().atMost(TIMEOUT).until(() -> timer("herald.ping.rtt").count() >= 1);

      assertThat(timer("herald.ping.rtt").max(TimeUnit.SECONDS)).isLessThan(5);
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void inPrometheusEachTimerHasABoundedHistogram() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HeraldTimers timers = HeraldTimers.of(prometheus);
    for (long nanos = 1; nanos < 100_000_000_000L; nanos *= 3) {
      timers.fannedOut(1, nanos);
    }

    String text = prometheus.scrape();

    long buckets =
        text.lines().filter(line -> line.startsWith("herald_fanout_seconds_bucket")).count();
    // Sixteen and +Inf.
    assertThat(buckets).isEqualTo(17);
    assertThat(text)
        .contains("herald_queue_wait_seconds_count 0", "herald_ping_rtt_seconds_count 0")
        .contains("herald_broker_publish_seconds_count 0", "herald_fanout_targets_count 24");
  }

  private Timer timer(String name) {
    return registry.get(name).timer();
  }
}
