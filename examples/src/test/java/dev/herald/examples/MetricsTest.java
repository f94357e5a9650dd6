package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.fixtures.RecordingTransport;
import dev.herald.spi.Payload;
import dev.herald.testing.TestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void metricsExposeStatsInThePrometheusTextFormat() {
    EchoBroadcastServer server = Servers.start("--protocol", "json");
    try (TestClient client = Wire.connect(Protocol.JSON, server.webSocketPort(), "m")) {
      Wire.document(Protocol.JSON, client);
      client.send("not json");
      client.awaitText(TIMEOUT);
      Wire.send(Protocol.JSON, client, "counted");
      Wire.document(Protocol.JSON, client);

      HttpResponse<String> metrics = Servers.get(server.httpPort(), "/metrics");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(metrics.body())
          .contains("# HELP herald_connections_active ")
          .contains("# TYPE herald_connections_active gauge\nherald_connections_active 1\n")
          .contains(
              "# TYPE herald_messages_received_total counter\nherald_messages_received_total 2\n")
          .contains("herald_messages_dropped_total{reason=\"undecodable\"} 1\n")
          .contains("herald_messages_dropped_total{reason=\"queue_full\"} 0\n")
          .contains("herald_connections_closed_total{cause=\"slow_consumer\"} 0\n")
          .contains("herald_handshakes_rejected_total{reason=\"authentication\"} 0\n")
          .contains("# TYPE herald_topic_members gauge\n")
          .contains("herald_draining 0\n")
          .doesNotContain("herald_cluster_connections");
    } finally {
      server.shutdown(Duration.ofSeconds(2));
    }
  }

  @Test
  void everyLineIsACommentOrASampleAndLabelValuesAreEscaped() {
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class)
            .listener(
                new ConnectionListener<>() {
                  @Override
                  public void onMessage(Connection<String> connection, String message) {
                    throw new IllegalStateException(message);
                  }
                })
            .build();
    RecordingTransport peer = RecordingTransport.open(manager, "c");
    RecordingTransport.connectionOf(manager, "c").join("room \"1\"\\lobby\nnorth");
    peer.link().onMessage(Payload.text("boom"));

    String text = PrometheusFormat.render(manager.stats(), true, 42);

    assertThat(text.lines())
        .allMatch(
            line ->
                line.matches(
                    "# (HELP|TYPE) herald_\\w+ .+|herald_\\w+(\\{\\w+=\"([^\"\\\\]|\\\\.)*\"\\})? \\d+"));
    assertThat(text)
        .contains("herald_topic_members{topic=\"room \\\"1\\\"\\\\lobby\\nnorth\"} 1\n")
        .contains("herald_messages_dropped_total{reason=\"queue_full\"} 0\n")
        .contains("herald_handler_errors_total 1\n")
        .contains("herald_broker_gap_messages_total 0\n")
        .contains("herald_cluster_connections 42\n")
        .contains("herald_draining 1\n");
    manager.shutdown(Duration.ZERO);
  }
}
