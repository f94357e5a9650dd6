package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Admission;
import dev.herald.AdmissionPolicy;
import dev.herald.Authenticator;
import dev.herald.CloseCause;
import dev.herald.ConnectionManager;
import dev.herald.RejectReason;
import dev.herald.fixtures.RecordingListener;
import dev.herald.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Who may not connect is refused before anything of the application sees it: with the HTTP status
 * where the transport can send one, with 4000 + the status otherwise.
 */
interface AdmissionContract extends TransportFixture {

  @Test
  default void aBrowserFromAnotherOriginIsRefusedWith403() {
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served =
        serve(
            TransportFixture.clients()
                .listener(listener)
                .admission(AdmissionPolicy.defaults().allowedOrigins("https://app.example.com")));

    Refusal evil = Refusal.of(served.uri("c"), Map.of("Origin", "https://evil.example"));
    TestClient good =
        TestClient.connect(served.uri("c"), Map.of("Origin", "https://APP.example.com"));
    TestClient nativeClient = TestClient.connect(served.uri("c"));

    assertThat(evil).isNotNull();
    assertThat(Objects.requireNonNull(evil).status()).isEqualTo(403);
    assertThat(evil.reason()).isIn(null, "origin not allowed: https://evil.example");
    await().atMost(WAIT).until(() -> listener.opened().size() == 2);
    assertThat(good.isClosed()).isFalse();
    assertThat(nativeClient.isClosed()).isFalse();
    assertThat(served.manager().stats().rejections(RejectReason.ORIGIN)).isEqualTo(1);
    assertThat(listener.rejections()).containsExactly(RejectReason.ORIGIN);
  }

  @Test
  default void aBadTokenIsRefusedWith401AndAWrongPathWith404() {
    Authenticator tokens =
        handshake -> {
          if (!handshake.path().equals("/ws")) {
            return Admission.reject(404, "no such endpoint");
          }
          return "secret".equals(handshake.queryParameter("token"))
              ? Admission.accept("user", Map.of("role", "admin"))
              : Admission.reject(401, "bad token");
        };
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served =
        serve(ConnectionManager.builder(String.class).authenticator(tokens).listener(listener));

    Refusal bad = Refusal.of(served.base().resolve("/ws?token=guess"), Map.of());
    TestClient good = TestClient.connect(served.base().resolve("/ws?token=secret"));
    Refusal wrongPath = Refusal.of(served.base().resolve("/nope"), Map.of());

    assertThat(status(bad)).isEqualTo(401);
    assertThat(Objects.requireNonNull(bad).reason()).isIn(null, "bad token");
    assertThat(status(wrongPath)).isEqualTo(404);
    await().atMost(WAIT).until(() -> listener.opened().size() == 1);
    assertThat(listener.opened().values().iterator().next().attributes())
        .containsEntry("role", "admin");
    assertThat(good.isClosed()).isFalse();
    assertThat(served.manager().stats().rejections(RejectReason.AUTHENTICATION)).isEqualTo(2);
    assertThat(served.manager().stats().closes(CloseCause.REJECTED)).isEqualTo(2);
    assertThat(listener.opened()).hasSize(1);
  }

  @Test
  default void theCapsPerClientAndPerNodeHold() {
    Served<String> served =
        serve(
            TransportFixture.clients()
                .admission(
                    AdmissionPolicy.defaults().maxConnections(5).maxConnectionsPerClient(2)));

    List<@Nullable Refusal> alice = attempts(served, i -> "alice", 6);
    assertThat(alice)
        .filteredOn(Objects::nonNull)
        .hasSize(4)
        .extracting(Refusal::status)
        .containsOnly(429);

    List<@Nullable Refusal> others = attempts(served, i -> "other" + i, 10);

    assertThat(others)
        .filteredOn(Objects::nonNull)
        .hasSize(7)
        .extracting(Refusal::status)
        .containsOnly(503);
    assertThat(served.manager().stats().activeConnections()).isEqualTo(5);
    assertThat(served.manager().connectionsOf("alice")).hasSize(2);
    assertThat(served.manager().stats().rejections(RejectReason.CLIENT_LIMIT)).isEqualTo(4);
    assertThat(served.manager().stats().rejections(RejectReason.NODE_LIMIT)).isEqualTo(7);
  }

  @Test
  default void theConnectRateLimitHolds() {
    Served<String> served =
        serve(TransportFixture.clients().admission(AdmissionPolicy.defaults().connectRate(1, 5)));

    List<@Nullable Refusal> storm = attempts(served, i -> "storm" + i, 20);

    List<Refusal> refused =
        storm.stream().filter(Objects::nonNull).map(Objects::requireNonNull).toList();
    // The burst of 5 gets in, and one more per second the storm lasts.
    assertThat(refused).hasSizeBetween(13, 15).extracting(Refusal::status).containsOnly(429);
    assertThat(served.manager().stats().rejections(RejectReason.CONNECT_RATE))
        .isEqualTo(refused.size());
    await()
        .atMost(WAIT)
        .until(() -> served.manager().stats().activeConnections() == 20 - refused.size());
  }

  private static int status(@Nullable Refusal refusal) {
    assertThat(refusal).as("refused").isNotNull();
    return Objects.requireNonNull(refusal).status();
  }

  private static List<@Nullable Refusal> attempts(
      Served<String> served, IntFunction<String> clientId, int count) {
    List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      connecting.add(TestClient.connectAsync(served.uri(clientId.apply(i)), Map.of()));
    }
    List<@Nullable Refusal> refusals = new ArrayList<>();
    for (CompletableFuture<TestClient> attempt : connecting) {
      refusals.add(Refusal.of(attempt));
    }
    return refusals;
  }
}
