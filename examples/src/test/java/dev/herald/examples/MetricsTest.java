package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.CloseCause;
import dev.herald.DropReason;
import dev.herald.RejectReason;
import dev.herald.Stats;
import dev.herald.testing.TestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
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
          .contains("# TYPE herald_messages_received_total counter\nherald_messages_received_total 2\n")
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
    Stats stats =
        new Stats(
            3,
            Map.of("room \"1\"\\lobby\nnorth", 2),
            10, 100, 20, 200,
            Map.of(DropReason.QUEUE_FULL, 4L),
            Map.of(CloseCause.HEARTBEAT_TIMEOUT, 5L),
            Map.of(RejectReason.ORIGIN, 6L),
            7, 8, 9, 11);

    String text = PrometheusFormat.render(stats, true, 42);

    assertThat(text.lines())
        .allMatch(line -> line.matches("# (HELP|TYPE) herald_\\w+ .+|herald_\\w+(\\{\\w+=\"([^\"\\\\]|\\\\.)*\"\\})? \\d+"));
    assertThat(text)
        .contains("herald_topic_members{topic=\"room \\\"1\\\"\\\\lobby\\nnorth\"} 2\n")
        .contains("herald_messages_dropped_total{reason=\"queue_full\"} 4\n")
        .contains("herald_connections_closed_total{cause=\"heartbeat_timeout\"} 5\n")
        .contains("herald_handshakes_rejected_total{reason=\"origin\"} 6\n")
        .contains("herald_handler_errors_total 7\n")
        .contains("herald_broker_gap_messages_total 8\n")
        .contains("herald_broker_reconnects_total 9\n")
        .contains("herald_broker_publish_failures_total 11\n")
        .contains("herald_cluster_connections 42\n")
        .contains("herald_draining 1\n");
  }
}
