package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Delivery;
import dev.herald.spi.Envelope;
import dev.herald.spi.Payload;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.cluster.RecordingReceiver;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shows that the numbering of channels that went silent is dropped, so it never grows. */
class StreamPruningIT {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void theStreamsOfChannelsThatWentSilentAreDropped() {
    RedisClient client = RedisClient.create();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    RedisConnector connector =
        new RedisConnector(
            client, RedisURI.create(redis.server().uri()), scheduler, Duration.ofSeconds(1));
    RedisBroker broker =
        new RedisBroker(connector, scheduler, "herald", 1_000, new RedisBroker.Timing(50, 4));
    try {
      RecordingReceiver receiver = new RecordingReceiver();
      broker.start("a", receiver);
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.connections() == 1);

      for (int i = 0; i < 100; i++) {
        broker.publish(topic("topic-" + i, "m"));
      }
      assertThat(broker.streams()).isEqualTo(100);

      await().atMost(Duration.ofSeconds(5)).until(() -> broker.streams() == 0);
      broker.publish(topic("topic-0", "again"));
      assertThat(broker.streams()).isEqualTo(1);
    } finally {
      broker.close();
      connector.close();
      scheduler.shutdownNow();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static Envelope topic(String topic, String text) {
    return Envelope.of(
        Envelope.Kind.TOPIC, topic, null, null, Map.of("", Payload.text(text)), Delivery.STANDARD);
  }
}
