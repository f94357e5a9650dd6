package dev.herald.integration;

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
import java.util.function.IntFunction;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class AdmissionTest {
  @Parameter Transports transport;

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aBrowserFromAnotherOriginIsRefusedWith403() {
    RecordingListener<String> listener = new RecordingListener<>();
    try (TestServer<String> server =
        TestServer.start(
            transport,
            ConnectionManager.builder(String.class)
                .listener(listener)
                .admission(AdmissionPolicy.defaults().allowedOrigins("https://app.example.com")))) {
      Refusal evil = Refusal.of(server.uri("c"), Map.of("Origin", "https://evil.example"));
      TestClient good = TestClient.connect(server.uri("c"), Map.of("Origin", "https://APP.example.com"));
      TestClient nativeClient = server.connect("c");

      assertThat(evil.status()).isEqualTo(403);
      assertThat(evil.reason()).isIn(null, "origin not allowed: https://evil.example");
      await().atMost(WAIT).until(() -> listener.opened().size() == 2);
      assertThat(good.isClosed()).isFalse();
      assertThat(nativeClient.isClosed()).isFalse();
      assertThat(server.manager.stats().rejections(RejectReason.ORIGIN)).isEqualTo(1);
      assertThat(listener.rejections()).containsExactly(RejectReason.ORIGIN);
    }
  }

  @Test
  void aBadTokenIsRefusedWith401AndAWrongPathWith404() {
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
    RecordingListener<String> listener = new RecordingListener<>();
    try (TestServer<String> server =
        TestServer.startAsIs(
            transport, ConnectionManager.builder(String.class).authenticator(tokens).listener(listener), null)) {
      URI base = URI.create("ws://127.0.0.1:" + server.port);

      Refusal bad = Refusal.of(base.resolve("/ws?token=guess"), Map.of());
      TestClient good = TestClient.connect(base.resolve("/ws?token=secret"));
      Refusal wrongPath = Refusal.of(base.resolve("/nope"), Map.of());

      assertThat(bad.status()).isEqualTo(401);
      assertThat(bad.reason()).isIn(null, "bad token");
      assertThat(wrongPath.status()).isEqualTo(404);
      await().atMost(WAIT).until(() -> listener.opened().size() == 1);
      assertThat(listener.opened().values().iterator().next().attributes()).containsEntry("role", "admin");
      assertThat(good.isClosed()).isFalse();
      assertThat(server.manager.stats().rejections(RejectReason.AUTHENTICATION)).isEqualTo(2);
    }
  }

  @Test
  void theCapsPerClientAndPerNodeHold() {
    try (TestServer<String> server =
        TestServer.start(
            transport,
            ConnectionManager.builder(String.class)
                .admission(AdmissionPolicy.defaults().maxConnections(5).maxConnectionsPerClient(2)))) {
      List<Refusal> alice = attempts(server, i -> "alice", 6);
      assertThat(alice).filteredOn(r -> r != null).hasSize(4).extracting(Refusal::status).containsOnly(429);

      List<Refusal> others = attempts(server, i -> "other" + i, 10);

      assertThat(others).filteredOn(r -> r != null).hasSize(7).extracting(Refusal::status).containsOnly(503);
      assertThat(server.manager.stats().activeConnections()).isEqualTo(5);
      assertThat(server.manager.connectionsOf("alice")).hasSize(2);
      assertThat(server.manager.stats().rejections(RejectReason.CLIENT_LIMIT)).isEqualTo(4);
      assertThat(server.manager.stats().rejections(RejectReason.NODE_LIMIT)).isEqualTo(7);
    }
  }

  @Test
  void theConnectRateLimitHolds() {
    try (TestServer<String> server =
        TestServer.start(
            transport,
            ConnectionManager.builder(String.class).admission(AdmissionPolicy.defaults().connectRate(1, 5)))) {
      List<Refusal> storm = attempts(server, i -> "storm" + i, 20);

      List<Refusal> refused = storm.stream().filter(r -> r != null).toList();
      // The burst of 5 gets in, and one more per second the storm lasts.
      assertThat(refused).hasSizeBetween(13, 15).extracting(Refusal::status).containsOnly(429);
      assertThat(server.manager.stats().rejections(RejectReason.CONNECT_RATE)).isEqualTo(refused.size());
      assertThat(server.manager.stats().activeConnections()).isEqualTo(20 - refused.size());
    }
  }

  private static List<Refusal> attempts(TestServer<String> server, IntFunction<String> clientId, int count) {
    List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      connecting.add(TestClient.connectAsync(server.uri(clientId.apply(i)), Map.of()));
    }
    List<Refusal> refusals = new ArrayList<>();
    for (CompletableFuture<TestClient> attempt : connecting) {
      refusals.add(Refusal.of(attempt));
    }
    return refusals;
  }
}
