package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spi.History;
import dev.herald.spi.Position;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.cluster.HistoryContract;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Holds the Redis history to the contract every history keeps, and to what is its own. */
class RedisHistoryContractIT extends HistoryContract {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private final List<RedisBridge> bridges = new ArrayList<>();

  @Override
  protected History newHistory() {
    RedisBridge bridge = RedisBridge.builder(redis.server().uri()).build();
    bridges.add(bridge);
    return bridge.history();
  }

  @AfterEach
  void closeBridges() {
    bridges.forEach(RedisBridge::close);
  }

  @Test
  void aTopicWithBracesKeepsBothKeysInOneSlot() {
    Member a = start("a");
    String topic = topic("}{odd}%");
    joinTopic(a, topic);

    Position position =
        append(a, topic, "braced", new History.Retention(10, Duration.ofMinutes(1)));

    RedisHistory history = (RedisHistory) a.history();
    String[] keys = history.keys(topic);
    assertThat(keys[0]).startsWith("herald:h:{%7D%7Bodd%7D%25:");
    assertThat(slot(keys[0])).isEqualTo(slot(keys[1]));
    assertThat(redis.server().call("XLEN " + keys[0])).isEqualTo(":1");
    assertThat(redis.server().call("HGET " + keys[1] + " epoch")).isEqualTo(position.epoch());
    waiting().until(() -> !a.sink().delivered(topic).isEmpty());
  }

  @Test
  void anIdleTopicsKeysExpire() {
    Member a = start("a");
    String topic = topic("idle");
    append(a, topic, "one", new History.Retention(10, Duration.ofSeconds(1)));

    String[] keys = ((RedisHistory) a.history()).keys(topic);
    long ttl = Long.parseLong(redis.server().call("PTTL " + keys[1]).substring(1));
    assertThat(ttl).isPositive().isLessThanOrEqualTo(RedisHistory.MIN_IDLE_TTL.toMillis());
    assertThat(Long.parseLong(redis.server().call("PTTL " + keys[0]).substring(1))).isPositive();
  }

  @Test
  void whatArrivesIsDeliveredOffLettucesEventLoop() {
    Member a = start("a");
    String topic = topic("threads");
    joinTopic(a, topic);

    append(a, topic, "one", new History.Retention(10, Duration.ofMinutes(1)));

    waiting().until(() -> !a.sink().delivered(topic).isEmpty());
    assertThat(a.sink().threads).allMatch(name -> name.startsWith("herald-redis-history-"));
  }

  private static int slot(String key) {
    return SlotHash.getSlot(key);
  }
}
