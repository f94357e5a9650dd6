package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.CloseStatus;
import dev.herald.Connection;
import dev.herald.DropReason;
import dev.herald.Stats;
import dev.herald.fixtures.RecordingListener;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Closes from either side reach the other with their code, once, and sends after them count. */
interface CloseContract extends TransportFixture {

  @Test
  default void closeByTheApplicationReachesTheClientAfterWhatWasQueued() {
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served = serve(TransportFixture.clients().listener(listener));
    TestClient client = served.connect("c");
    Connection<String> connection = served.manager().connectionsOf("c").iterator().next();
    connection.send("last words");

    assertThat(served.manager().close(connection.id(), 4001, "bye now")).isTrue();

    assertThat(client.awaitText(WAIT)).isEqualTo("last words");
    assertThat(client.awaitClose(WAIT)).isEqualTo(new TestClient.Closure(4001, "bye now"));
    await().atMost(WAIT).until(() -> listener.closed().containsKey(connection.id()));
    CloseStatus status = Objects.requireNonNull(listener.closed().get(connection.id()));
    assertThat(status.code()).isEqualTo(4001);
    assertThat(status.cause()).isEqualTo(CloseCause.APPLICATION);
    assertThat(connection.close(4000, "again")).isFalse();
  }

  @Test
  default void aClientThatClosesIsReportedOnceAndSendsAfterwardsAreDropped() {
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served = serve(TransportFixture.clients().listener(listener));
    TestClient client = served.connect("c");
    String id = served.manager().connectionsOf("c").iterator().next().id();

    client.close();
    await().atMost(WAIT).until(() -> listener.closed().containsKey(id));

    CloseStatus status = Objects.requireNonNull(listener.closed().get(id));
    assertThat(status.code()).isEqualTo(1000);
    assertThat(status.cause()).isEqualTo(CloseCause.PEER);
    assertThat(served.manager().sendTo(id, "too late")).isFalse();
    Stats stats = served.manager().stats();
    assertThat(stats.drops(DropReason.CLOSED) + stats.drops(DropReason.UNKNOWN_CONNECTION))
        .isEqualTo(1);
    assertClosedOnce(served, CloseCause.PEER);
  }

  @Test
  default void aClientThatDropsTheSocketIsReportedClosedOnce() {
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served = serve(TransportFixture.clients().listener(listener));
    TestClient client = served.connect("c");
    String id = served.manager().connectionsOf("c").iterator().next().id();

    client.abort();

    await().atMost(WAIT).until(() -> listener.closed().containsKey(id));
    assertThat(Objects.requireNonNull(listener.closed().get(id)).code()).isEqualTo(1006);
    assertThat(served.manager().stats().activeConnections()).isZero();
    assertThat(served.manager().sendTo(id, "nobody there")).isFalse();
    assertClosedOnce(served, CloseCause.PEER);
  }

  @Test
  default void sendsToAConnectionThatJustClosedAreCountedNotThrown() {
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served = serve(TransportFixture.clients().listener(listener));
    TestClient client = served.connect("c");
    String id = served.manager().connectionsOf("c").iterator().next().id();
    int sends = 20_000;
    int[] accepted = {0};

    client.abort();
    assertThatCode(
            () -> {
              for (int i = 0; i < sends; i++) {
                if (served.manager().sendTo(id, "into the void " + i)) {
                  accepted[0]++;
                }
              }
            })
        .doesNotThrowAnyException();

    await().atMost(WAIT).until(() -> listener.closed().containsKey(id));
    assertThat(served.manager().sendTo(id, "after close")).isFalse();
    Stats stats = served.manager().stats();
    long dropped =
        stats.drops(DropReason.CLOSED)
            + stats.drops(DropReason.UNKNOWN_CONNECTION)
            + stats.drops(DropReason.QUEUE_FULL);
    assertThat(accepted[0] + dropped).isEqualTo(sends + 1);
    assertThat(stats.messagesOut()).isEqualTo(accepted[0]);
    assertThat(listener.errors()).isEmpty();
  }

  /** Checks, for a moment after the first report, that no second close is counted. */
  private static void assertClosedOnce(Served<String> served, CloseCause cause) {
    await()
        .during(Duration.ofMillis(300))
        .atMost(WAIT)
        .until(() -> served.manager().stats().closes(cause) == 1);
    long closes =
        served.manager().stats().closes().values().stream().mapToLong(Long::longValue).sum();
    assertThat(closes).isEqualTo(1);
  }
}
