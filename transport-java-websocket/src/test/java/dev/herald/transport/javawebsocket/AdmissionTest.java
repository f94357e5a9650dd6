package dev.herald.transport.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.AdmissionPolicy;
import dev.herald.Authenticator;
import dev.herald.Admission;
import dev.herald.ConnectionManager;
import dev.herald.RejectReason;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aBrowserFromAnotherOriginIsRefusedWith4403() {
    RecordingListener listener = new RecordingListener();
    try (TestServer server =
        TestServer.start(
            ConnectionManager.builder(String.class)
                .listener(listener)
                .admission(AdmissionPolicy.defaults().allowedOrigins("https://app.example.com")))) {
      TestClient evil = TestClient.connect(server.uri("c"), Map.of("Origin", "https://evil.example"));
      TestClient good = TestClient.connect(server.uri("c"), Map.of("Origin", "https://APP.example.com"));
      TestClient native_ = server.connect("c");

      TestClient.Closure closure = evil.awaitClose(WAIT);
      assertThat(closure.code()).isEqualTo(4403);
      assertThat(closure.reason()).isEqualTo("origin not allowed: https://evil.example");
      await().atMost(WAIT).until(() -> listener.opened.size() == 2);
      assertThat(good.isClosed()).isFalse();
      assertThat(native_.isClosed()).isFalse();
      assertThat(server.manager.stats().rejections(RejectReason.ORIGIN)).isEqualTo(1);
      assertThat(listener.rejections).containsExactly(RejectReason.ORIGIN);
    }
  }

  @Test
  void aBadTokenIsRefusedWith4401AndAWrongPathWithHttp404() {
    Authenticator tokens =
        handshake -> {
          if (!handshake.path().equals("/ws")) {
            return Admission.reject(404, "no such endpoint");
          }
          String token = handshake.queryParameter("token");
          return "secret".equals(token)
              ? Admission.accept("user", Map.of("role", "admin"))
              : Admission.reject(401, "bad token");
        };
    RecordingListener listener = new RecordingListener();
    try (TestServer server =
        TestServer.startAsIs(ConnectionManager.builder(String.class).authenticator(tokens).listener(listener), null)) {
      URI base = URI.create("ws://127.0.0.1:" + server.port);

      TestClient bad = TestClient.connect(base.resolve("/ws?token=guess"));
      TestClient good = TestClient.connect(base.resolve("/ws?token=secret"));
      CompletableFuture<TestClient> wrongPath = TestClient.connectAsync(base.resolve("/nope"), Map.of());

      assertThat(bad.awaitClose(WAIT)).isEqualTo(new TestClient.Closure(4401, "bad token"));
      assertThat(wrongPath).failsWithin(WAIT).withThrowableThat().withStackTraceContaining("404");
      await().atMost(WAIT).until(() -> listener.opened.size() == 1);
      assertThat(listener.opened.values().iterator().next().attributes()).containsEntry("role", "admin");
      assertThat(good.isClosed()).isFalse();
      assertThat(server.manager.stats().rejections(RejectReason.AUTHENTICATION)).isEqualTo(2);
    }
  }

  @Test
  void theCapsPerClientAndPerNodeHold() {
    try (TestServer server =
        TestServer.start(
            ConnectionManager.builder(String.class)
                .admission(AdmissionPolicy.defaults().maxConnections(5).maxConnectionsPerClient(2)))) {
      List<TestClient> alice = connectConcurrently(server, "alice", 6);
      await().atMost(WAIT).until(() -> alice.stream().filter(TestClient::isClosed).count() == 4);
      assertThat(alice.stream().filter(TestClient::isClosed).map(c -> c.awaitClose(WAIT).code()))
          .containsOnly(4429);

      List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        connecting.add(TestClient.connectAsync(server.uri("other" + i), Map.of()));
      }
      List<TestClient> others = connecting.stream().map(CompletableFuture::join).toList();
      await().atMost(WAIT).until(() -> others.stream().filter(TestClient::isClosed).count() >= 7);

      assertThat(server.manager.stats().activeConnections()).isEqualTo(5);
      assertThat(server.manager.connectionsOf("alice")).hasSize(2);
      assertThat(server.manager.stats().rejections(RejectReason.CLIENT_LIMIT)).isGreaterThanOrEqualTo(4);
      assertThat(server.manager.stats().rejections(RejectReason.NODE_LIMIT)).isPositive();
    }
  }

  @Test
  void theConnectRateLimitHolds() {
    try (TestServer server =
        TestServer.start(
            ConnectionManager.builder(String.class)
                .admission(AdmissionPolicy.defaults().connectRate(1, 5)))) {
      List<TestClient> storm = connectConcurrently(server, "storm", 20);

      await().atMost(WAIT).until(() -> storm.stream().filter(TestClient::isClosed).count() >= 13);
      assertThat(server.manager.stats().activeConnections()).isBetween(5, 7);
      assertThat(server.manager.stats().rejections(RejectReason.CONNECT_RATE)).isBetween(13L, 15L);
      TestClient refused = storm.stream().filter(TestClient::isClosed).findFirst().orElseThrow();
      assertThat(refused.awaitClose(WAIT)).isEqualTo(new TestClient.Closure(4429, "connect rate over 1/s"));
    }
  }

  private static List<TestClient> connectConcurrently(TestServer server, String clientId, int count) {
    List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      connecting.add(TestClient.connectAsync(server.uri(clientId), Map.of()));
    }
    return connecting.stream().map(CompletableFuture::join).toList();
  }
}
