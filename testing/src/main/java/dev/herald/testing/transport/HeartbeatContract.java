package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.CloseStatus;
import dev.herald.HeartbeatPolicy;
import dev.herald.fixtures.RecordingListener;
import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A peer that never answers a ping is closed in time; one that answers stays. */
interface HeartbeatContract extends TransportFixture {

  @Test
  default void aPeerThatNeverAnswersIsClosedWithinIntervalPlusTimeout() throws Exception {
    Duration interval = Duration.ofMillis(400);
    Duration timeout = Duration.ofMillis(300);
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served =
        serve(
            TransportFixture.clients()
                .listener(listener)
                .heartbeat(HeartbeatPolicy.defaults().interval(interval).timeout(timeout)));
    TestClient healthy = served.connect("healthy");
    long start = System.nanoTime();
    try (RawClient silent = RawClient.handshake(served.uri("silent"))) {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  listener.closed().values().stream()
                      .anyMatch(s -> s.cause() == CloseCause.HEARTBEAT_TIMEOUT));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      // The sweep runs every quarter of the shorter period, so it may act up to one tick late.
      assertThat(took)
          .isLessThan(interval.plus(timeout).plus(timeout.dividedBy(4)).plusMillis(200));
      CloseStatus status = listener.closed().values().iterator().next();
      assertThat(status.code()).isEqualTo(4408);
      assertThat(status.reason()).isEqualTo("heartbeat timeout: no answer within 300 ms");
      assertThat(silent.closedByServer()).isTrue();
      assertThat(served.manager().stats().closes(CloseCause.HEARTBEAT_TIMEOUT)).isEqualTo(1);
      // The JDK client answers pings by itself: still connected after several intervals.
      assertThat(healthy.isClosed()).isFalse();
      assertThat(served.manager().connectionsOf("healthy")).hasSize(1);
    }
  }
}
