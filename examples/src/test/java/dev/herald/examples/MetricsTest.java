package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.TestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void metricsExposeStatsInThePrometheusTextFormatWithoutASeriesPerTopic() {
    EchoBroadcastServer server = Servers.start("--protocol", "json");
    try (TestClient client = Wire.connect(Protocol.JSON, server.webSocketPort(), "m")) {
      Wire.document(Protocol.JSON, client);
      client.send("not json");
      client.awaitText(TIMEOUT);
      Wire.send(Protocol.JSON, client, "counted");
      Wire.document(Protocol.JSON, client);
      String connection = server.manager().connectionsOf("m").iterator().next().id();
      server.manager().join(connection, "room:secret");

      // The meters read a snapshot up to half a second old.
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                HttpResponse<String> metrics = Servers.get(server.httpPort(), "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
                assertThat(metrics.body())
                    .contains("# HELP herald_connections_active ")
                    .contains(
                        "# TYPE herald_connections_active gauge\nherald_connections_active 1.0\n")
                    .contains(
                        "# TYPE herald_messages_received_total counter\n"
                            + "herald_messages_received_total 2.0\n")
                    .contains("herald_messages_dropped_total{reason=\"undecodable\"} 1.0\n")
                    .contains("herald_messages_dropped_total{reason=\"queue_full\"} 0.0\n")
                    .contains("herald_connections_closed_total{cause=\"slow_consumer\"} 0.0\n")
                    .contains("herald_handshakes_rejected_total{reason=\"authentication\"} 0.0\n")
                    .contains("herald_topics 1.0\n")
                    .contains("herald_draining 0.0\n")
                    .doesNotContain("room:secret")
                    .doesNotContain("herald_cluster_connections");
              });
    } finally {
      server.shutdown(Duration.ofSeconds(2));
    }
  }
}
