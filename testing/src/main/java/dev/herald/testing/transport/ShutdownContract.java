package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.RejectReason;
import dev.herald.fixtures.RecordingListener;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A drain stops admitting, flushes what was queued, closes everyone with 1001 and reports each. */
interface ShutdownContract extends TransportFixture {

  @Test
  default void shutdownClosesEveryoneWith1001AfterWhatWasQueued() {
    Served<String> served = serve(TransportFixture.clients());
    List<TestClient> clients =
        IntStream.range(0, 5).mapToObj(i -> served.connect("c" + i)).toList();
    served.manager().broadcast("last words");

    boolean clean = served.manager().shutdown(WAIT);

    assertThat(clean).isTrue();
    for (TestClient client : clients) {
      assertThat(client.awaitText(WAIT)).isEqualTo("last words");
      assertThat(client.awaitClose(WAIT).code()).isEqualTo(1001);
    }
    assertThat(served.manager().stats().activeConnections()).isZero();
    assertThat(served.manager().stats().closes(CloseCause.SHUTDOWN)).isEqualTo(5);
  }

  @Test
  default void shutdownSendsAJitteredReconnectHintFlushesAndCloses() {
    Served<String> served =
        serve(
            TransportFixture.clients()
                .farewell(
                    (connection, delay) -> "reconnect-after-ms:" + delay.toMillis(),
                    Duration.ofSeconds(30)));
    List<TestClient> clients =
        IntStream.range(0, 20).mapToObj(i -> served.connect("c" + i)).toList();
    String bulk = "y".repeat(50_000);
    for (int i = 0; i < 20; i++) {
      served.manager().broadcast(bulk);
    }

    assertThat(served.manager().isDraining()).isFalse();
    boolean clean = served.manager().shutdown(WAIT);

    assertThat(clean).isTrue();
    assertThat(served.manager().isDraining()).isTrue();
    List<Long> delays =
        clients.stream()
            .map(
                client -> {
                  assertThat(client.awaitTexts(20, WAIT)).allMatch(bulk::equals);
                  String hint = client.awaitText(WAIT);
                  assertThat(client.awaitClose(WAIT).code()).isEqualTo(1001);
                  return Long.parseLong(hint.substring("reconnect-after-ms:".length()));
                })
            .toList();
    assertThat(delays).allMatch(d -> d >= 0 && d <= 30_000);
    assertThat(delays.stream().distinct().count()).as("jittered").isGreaterThan(1);
  }

  @Test
  default void shutdownWithoutGraceEndsEveryConnectionAndReportsEachOnce() {
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served = serve(TransportFixture.clients().listener(listener));
    TestClient first = served.connect("a");
    TestClient second = served.connect("b");

    served.manager().shutdown(Duration.ZERO);

    first.awaitClose(WAIT);
    second.awaitClose(WAIT);
    // A client can read its close frame before the server has heard the connection end.
    await()
        .atMost(WAIT)
        .until(() -> listener.closed().keySet().containsAll(listener.opened().keySet()));
    assertThat(served.manager().stats().activeConnections()).isZero();
    assertThat(listener.closed()).hasSize(2);
    assertThat(served.manager().stats().closes().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(2);
  }

  @Test
  default void aDrainingManagerAdmitsNoOne() {
    Served<String> served = serve(TransportFixture.clients());
    served.manager().shutdown(WAIT);

    assertThat(served.manager().isDraining()).isTrue();
    Refusal late = Refusal.of(served.uri("late"), Map.of());
    assertThat(Objects.requireNonNull(late).status()).isEqualTo(503);
    assertThat(served.manager().stats().rejections(RejectReason.DRAINING)).isEqualTo(1);
    assertThat(served.manager().stats().closes(CloseCause.REJECTED)).isEqualTo(1);
    assertThat(served.manager().stats().activeConnections()).isZero();
  }
}
