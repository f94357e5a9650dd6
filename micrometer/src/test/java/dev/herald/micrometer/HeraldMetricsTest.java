package dev.herald.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import dev.herald.transport.javawebsocket.HeraldWebSocketServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters over a real server and a real client. */
class HeraldMetricsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicReference<String> opened = new AtomicReference<>();
  private final ConnectionManager<String> manager =
      ConnectionManager.builder(String.class)
          .listener(
              new ConnectionListener<>() {
                @Override
                public void onOpen(Connection<String> connection) {
                  opened.set(connection.id());
                }

                @Override
                public void onMessage(Connection<String> connection, String message) {
                  connection.send("echo " + message);
                }
              })
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
  void metersFollowConnectionsMessagesAndCloses() {
    HeraldMetrics.of(manager).bindTo(registry);
    TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"));
    await().atMost(TIMEOUT).until(() -> gauge("herald.connections.active") == 1);

    client.send("hi");
    assertThat(client.awaitText(TIMEOUT)).isEqualTo("echo hi");
    await().atMost(TIMEOUT).until(() -> counter("herald.messages.received") == 1);
    await().atMost(TIMEOUT).until(() -> counter("herald.messages.sent") == 1);
    assertThat(registry.get("herald.received").functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("herald.received").meter().getId().getBaseUnit()).isEqualTo("bytes");

    client.close();
    await().atMost(TIMEOUT).until(() -> gauge("herald.connections.active") == 0);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                registry
                        .get("herald.connections.closed")
                        .tag("cause", "peer")
                        .functionCounter()
                        .count()
                    == 1);
    assertThat(
            registry
                .get("herald.connections.closed")
                .tag("cause", "slow_consumer")
                .functionCounter()
                .count())
        .isZero();
  }

  @Test
  void theNumberOfMetersDoesNotGrowWithTopics() {
    HeraldMetrics.of(manager).bindTo(registry);
    int meters = registry.getMeters().size();
    TestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"));
    await().atMost(TIMEOUT).until(() -> opened.get() != null);
    String connection = opened.get();
    for (int i = 0; i < 200; i++) {
      manager.join(connection, "topic:" + i);
    }

    await().atMost(TIMEOUT).until(() -> gauge("herald.topics") == 200);
    assertThat(registry.getMeters()).hasSize(meters);
    assertThat(registry.getMeters())
        .flatExtracting(meter -> meter.getId().getTags())
        .extracting(tag -> tag.getKey())
        .containsOnly("reason", "cause");
  }

  @Test
  void aLoneNodeHasNoBrokerMetersAndEveryMeterTakesTheGivenTags() {
    HeraldMetrics.of(manager, Tags.of("endpoint", "chat")).bindTo(registry);

    assertThat(registry.find("herald.broker.connected").meter()).isNull();
    assertThat(registry.find("herald.cluster.connections").meter()).isNull();
    List<Meter> meters = registry.getMeters();
    assertThat(meters).isNotEmpty();
    assertThat(meters).allMatch(meter -> "chat".equals(meter.getId().getTag("endpoint")));
  }

  @Test
  void theDrainingGaugeTurnsToOneWhenTheManagerDrains() {
    HeraldMetrics.of(manager).bindTo(registry);
    assertThat(gauge("herald.draining")).isZero();

    manager.shutdown(Duration.ZERO);

    assertThat(gauge("herald.draining")).isEqualTo(1);
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private double counter(String name) {
    return registry.get(name).functionCounter().count();
  }
}
