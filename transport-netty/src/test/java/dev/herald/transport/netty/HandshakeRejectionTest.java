package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.herald.Admission;
import dev.herald.CloseCause;
import dev.herald.ConnectionManager;
import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeRejectionTest {
  private final ConnectionManager<String> manager =
      ConnectionManager.builder(String.class)
          .authenticator(
              handshake -> {
                String wanted = handshake.queryParameter("status");
                return wanted == null
                    ? Admission.accept("ok")
                    : Admission.reject(Integer.parseInt(wanted), "refused with " + wanted);
              })
          .build();
  private final HeraldNettyServer server =
      HeraldNettyServer.builder(manager)
          .address(new InetSocketAddress("127.0.0.1", 0))
          .build()
          .start();
  private final int port = server.port();

  @AfterEach
  void stop() {
    manager.shutdown(Duration.ofSeconds(1));
    server.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 429, 503})
  void rejectionIsAnsweredWithTheAuthenticatorsStatusAndReason(int status) throws Exception {
    try (RawClient client = RawClient.open(port, 0)) {
      client.sendUpgrade("/ws?status=" + status, "");

      RawClient.Answer answer = client.readAnswer();

      assertThat(answer.status()).isEqualTo(status);
      assertThat(answer.body()).isEqualTo("refused with " + status);
      assertThat(answer.head()).doesNotContainIgnoringCase("upgrade: websocket");
      assertThat(client.atEnd()).isTrue();
    }
    assertThat(manager.stats().closes(CloseCause.REJECTED)).isEqualTo(1);
    assertThat(manager.stats().activeConnections()).isZero();
  }

  @Test
  void webSocketClientSeesTheStatus() {
    Throwable failure =
        catchThrowable(
            () -> TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws?status=401")));

    assertThat(failure).hasCauseInstanceOf(WebSocketHandshakeException.class);
    WebSocketHandshakeException refused = rootCause(failure, WebSocketHandshakeException.class);
    assertThat(refused.getResponse().statusCode()).isEqualTo(401);
  }

  @Test
  void acceptedHandshakeIsUpgraded() throws Exception {
    try (RawClient client = RawClient.open(port, 0)) {
      client.sendUpgrade("/ws", "");

      RawClient.Answer answer = client.readAnswer();

      assertThat(answer.status()).isEqualTo(101);
      assertThat(answer.head()).containsIgnoringCase("upgrade: websocket");
    }
  }

  @Test
  void drainingServerAnswers503() throws Exception {
    manager.shutdown(Duration.ZERO);
    try (RawClient client = RawClient.open(port, 0)) {
      client.sendUpgrade("/ws", "");

      RawClient.Answer answer = client.readAnswer();

      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.body()).isEqualTo("server is shutting down");
    }
  }

  private static <T extends Throwable> T rootCause(Throwable failure, Class<T> type) {
    Throwable cause = failure;
    while (!type.isInstance(cause)) {
      cause = cause.getCause();
    }
    return type.cast(cause);
  }
}
