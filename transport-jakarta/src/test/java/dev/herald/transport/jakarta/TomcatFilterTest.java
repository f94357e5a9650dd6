package dev.herald.transport.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.AdmissionPolicy;
import dev.herald.Authenticator;
import dev.herald.ConnectionManager;
import dev.herald.RejectReason;
import dev.herald.testing.RawClient;
import dev.herald.testing.transport.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the filter answers on Tomcat besides upgrades: plain requests, refusals, old versions. */
class TomcatFilterTest {
  private ConnectionManager<String> manager;
  private HeraldWebSocketFilter filter;
  private EmbeddedTomcat tomcat;

  @BeforeEach
  void start() throws Exception {
    manager =
        ConnectionManager.builder(String.class)
            .authenticator(Authenticator.pathSuffix("/ws/"))
            .admission(AdmissionPolicy.defaults().allowedOrigins("https://app.example.com"))
            .build();
    filter = HeraldWebSocketFilter.of(manager.connector());
    tomcat = EmbeddedTomcat.start(filter, ServerOptions.plain());
  }

  @AfterEach
  void stop() {
    manager.shutdown(Duration.ofSeconds(1));
    tomcat.stop();
  }

  @Test
  void aRequestThatIsNotAnUpgradeGoesOnToTheApplication() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tomcat.port() + "/ws/a"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("plain http");
    assertThat(manager.stats().activeConnections()).isZero();
  }

  @Test
  void aRefusalIsARealStatusWithTheReasonAndNothingOfTheContainer() throws Exception {
    RawClient.Answer answer;
    try (RawClient client = RawClient.open(tomcat.port(), 0)) {
      client.sendUpgrade("/ws/mallory", "Origin: https://evil.example\r\n");
      answer = client.readAnswer();
    }

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.head()).containsIgnoringCase("content-type: text/plain");
    assertThat(answer.body()).isEqualTo("origin not allowed: https://evil.example");
    assertThat(answer.head() + answer.body()).doesNotContainIgnoringCase("tomcat");
    assertThat(manager.stats().rejections(RejectReason.ORIGIN)).isEqualTo(1);
  }

  @Test
  void anotherWebSocketVersionIsAnswered426AndCounted() throws Exception {
    RawClient.Answer answer;
    try (RawClient client = RawClient.open(tomcat.port(), 0)) {
      client.write(
          "GET /ws/old HTTP/1.1\r\n"
              + "Host: 127.0.0.1\r\n"
              + "Upgrade: websocket\r\n"
              + "Connection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              + "Sec-WebSocket-Version: 8\r\n"
              + "Origin: https://app.example.com\r\n"
              + "\r\n");
      answer = client.readAnswer();
    }

    assertThat(answer.status()).isEqualTo(426);
    assertThat(answer.head()).containsIgnoringCase("Sec-WebSocket-Version: 13");
    assertThat(manager.stats().rejections(RejectReason.MALFORMED)).isEqualTo(1);
    assertThat(manager.stats().activeConnections()).isZero();
  }
}
