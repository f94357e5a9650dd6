package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.BrokerState;
import dev.herald.ConnectionManager;
import dev.herald.Timings;
import dev.herald.testing.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shows that the Redis broker reports how long each publish took to reach Redis. */
class PublishTimingIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void eachPublishThatRedisAcknowledgesIsTimed() {
    List<Long> published = new CopyOnWriteArrayList<>();
    try (RedisBridge bridge = RedisBridge.builder(redis.server().uri()).build()) {
      ConnectionManager<String> manager =
          ConnectionManager.builder(String.class)
              .broker(bridge.broker())
              .registry(bridge.registry())
              .timings(
                  new Timings() {
                    @Override
                    public void published(long nanos) {
                      published.add(nanos);
                    }
                  })
              .build();
      try {
        await().atMost(TIMEOUT).until(() -> manager.stats().broker() == BrokerState.CONNECTED);
        int before = published.size();

        for (int i = 0; i < 3; i++) {
          manager.broadcast("timed " + i);
        }

        await().atMost(TIMEOUT).until(() -> published.size() >= before + 3);
        assertThat(published).allSatisfy(nanos -> assertThat(nanos).isPositive());
      } finally {
        manager.shutdown(Duration.ZERO);
      }
    }
  }
}
