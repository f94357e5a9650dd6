package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.CloseCause;
import dev.herald.testing.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads {@code /metrics} with a real Prometheus parser: the official Python client's, from Debian's
 * {@code python3-prometheus-client} (which {@code scripts/test.sh} installs). Fails, rather than
 * skips, without it.
 */
class PrometheusParserTest {
  private static final String PYTHON = "/usr/bin/python3";

  @Test
  void metricsParseAsPrometheusTextWithBoundedLabels() throws Exception {
    EchoBroadcastServer server = Servers.start();
    try (TestClient client = Wire.connect(Protocol.TEXT, server.webSocketPort(), "parsed")) {
      client.awaitText(TIMEOUT);
      String connection = server.manager().connectionsOf("parsed").iterator().next().id();
      server.manager().join(connection, "room \"1\"\nnorth");

      await()
          .atMost(TIMEOUT)
          .until(() -> sample(parse(metrics(server)), "herald_connections_active") == 1);
      JsonNode families = parse(metrics(server));

      assertThat(type(families, "herald_connections_active")).isEqualTo("gauge");
      assertThat(type(families, "herald_messages_received")).isEqualTo("counter");
      assertThat(sample(families, "herald_topics")).isEqualTo(1);
      Set<String> causes = new HashSet<>();
      Set<String> labels = new HashSet<>();
      for (JsonNode family : families) {
        assertThat(family.get("help").asText()).as(family.get("name").asText()).isNotBlank();
        for (JsonNode sample : family.get("samples")) {
          sample.get("labels").fieldNames().forEachRemaining(labels::add);
          if (sample.get("name").asText().equals("herald_connections_closed_total")) {
            causes.add(sample.get("labels").get("cause").asText());
          }
        }
      }
      assertThat(causes)
          .containsExactlyInAnyOrderElementsOf(
              Stream.of(CloseCause.values())
                  .map(cause -> cause.name().toLowerCase(Locale.ROOT))
                  .toList());
      assertThat(labels).containsOnly("reason", "cause");
    } finally {
      server.shutdown(Duration.ofSeconds(2));
    }
  }

  private static String metrics(EchoBroadcastServer server) {
    return Servers.get(server.httpPort(), "/metrics").body();
  }

  private static JsonNode parse(String text) throws IOException, InterruptedException {
    Path script = Files.createTempFile("parse_prometheus", ".py");
    try (InputStream in = PrometheusParserTest.class.getResourceAsStream("parse_prometheus.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process python =
        new ProcessBuilder(PYTHON, script.toString()).redirectErrorStream(true).start();
    try (OutputStream stdin = python.getOutputStream()) {
      stdin.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Files.delete(script);
    assertThat(python.exitValue()).as("the parser's verdict:%n%s", out).isZero();
    return new ObjectMapper().readTree(out);
  }

  private static String type(JsonNode families, String name) {
    return family(families, name).get("type").asText();
  }

  private static double sample(JsonNode families, String name) {
    return family(families, name).get("samples").get(0).get("value").asDouble();
  }

  private static JsonNode family(JsonNode families, String name) {
    for (JsonNode family : families) {
      if (family.get("name").asText().equals(name)) {
        return family;
      }
    }
    throw new AssertionError("no family " + name + " in " + families);
  }
}
