package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.CloseStatus;
import dev.herald.ConnectionManager;
import dev.herald.HeartbeatPolicy;
import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import java.time.Duration;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class HeartbeatTimeoutTest {
  @Parameter Transports transport;

  private static final Duration INTERVAL = Duration.ofMillis(400);
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  @Test
  void aPeerThatNeverAnswersIsClosedWithinIntervalPlusTimeout() throws Exception {
    RecordingListener<String> listener = new RecordingListener<>();
    try (TestServer<String> server =
        TestServer.start(
            transport,
            ConnectionManager.builder(String.class)
                .listener(listener)
                .heartbeat(HeartbeatPolicy.every(INTERVAL).timeout(TIMEOUT)))) {
      TestClient healthy = server.connect("healthy");
      long start = System.nanoTime();
      RawClient silent = RawClient.handshake(server.uri("silent"));

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> listener.closed().values().stream().anyMatch(s -> s.cause() == CloseCause.HEARTBEAT_TIMEOUT));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      // The sweep runs every quarter of the shorter period, so it may act up to one tick late.
      assertThat(took).isLessThan(INTERVAL.plus(TIMEOUT).plus(TIMEOUT.dividedBy(4)).plusMillis(200));
      CloseStatus status = listener.closed().values().iterator().next();
      assertThat(status.code()).isEqualTo(4408);
      assertThat(status.reason()).isEqualTo("heartbeat timeout: no answer within 300 ms");
      assertThat(silent.closedByServer()).isTrue();
      assertThat(server.manager.stats().closes(CloseCause.HEARTBEAT_TIMEOUT)).isEqualTo(1);
      // The JDK client answers pings by itself: still connected after several intervals.
      assertThat(healthy.isClosed()).isFalse();
      assertThat(server.manager.connectionsOf("healthy")).hasSize(1);
      silent.close();
    }
  }
}
