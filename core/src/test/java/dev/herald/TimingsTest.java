package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.fixtures.ManualScheduler;
import dev.herald.fixtures.RecordingTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the manager times, on a manual clock. */
class TimingsTest {
  private static final Duration INTERVAL = Duration.ofSeconds(25);

  private final ManualScheduler clock = new ManualScheduler();
  private final List<String> timed = new CopyOnWriteArrayList<>();
  private final ConnectionManager<String> manager =
      ConnectionManager.builder(String.class)
          .scheduler(clock)
          .heartbeat(HeartbeatPolicy.defaults().interval(INTERVAL))
          .timings(
              new Timings() {
                @Override
                public void queued(long nanos) {
                  timed.add("queued " + millis(nanos));
                }

                @Override
                public void fannedOut(int targets, long nanos) {
                  timed.add("fanned out to " + targets + " in " + millis(nanos));
                }

                @Override
                public void pinged(long nanos) {
                  timed.add("pinged " + millis(nanos));
                }
              })
          .build();

  @AfterEach
  void stop() {
    manager.shutdown(Duration.ZERO);
  }

  @Test
  void oneQueuedMessageIn64IsTimedFromTheSendUntilTheTransportTakesIt() {
    RecordingTransport peer = RecordingTransport.open(manager, "a");
    String id = RecordingTransport.connectionOf(manager, "a").id();
    peer.defer();

    manager.sendTo(id, "first");
    clock.advance(Duration.ofMillis(10));
    manager.sendTo(id, "second");
    clock.advance(Duration.ofMillis(20));
    peer.resume();
    for (int i = 2; i <= 64; i++) {
      manager.sendTo(id, "message " + i);
    }

    // The first waited 30 ms; the next 63 were not timed; the 65th was, and waited for nothing.
    assertThat(timed).containsExactly("queued 30", "queued 0");
    assertThat(peer.texts()).hasSize(65).startsWith("first", "second", "message 2");
  }

  @Test
  void aBroadcastIsTimedOnceForAllItsTargets() {
    for (String client : List.of("a", "b", "c")) {
      RecordingTransport.open(manager, client);
    }

    manager.broadcast("hello");

    assertThat(timed).contains("fanned out to 3 in 0");
  }

  @Test
  void aPingIsTimedUntilItsPong() {
    RecordingTransport peer = RecordingTransport.open(manager, "a");
    clock.advance(INTERVAL);
    assertThat(peer.pings()).isEqualTo(1);

    clock.advance(Duration.ofMillis(40));
    peer.link().onPong();
    peer.link().onPong();

    assertThat(timed).containsExactly("pinged 40");
  }

  private static long millis(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }
}
