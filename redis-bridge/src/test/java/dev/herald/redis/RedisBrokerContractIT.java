package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.spi.Broker;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.cluster.BrokerContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Holds the Redis broker to the contract every broker keeps, and to what is its own. */
class RedisBrokerContractIT extends BrokerContract {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private final List<RedisBridge> bridges = new ArrayList<>();

  @Override
  protected Broker newBroker() {
    RedisBridge bridge = RedisBridge.builder(redis.server().uri()).build();
    bridges.add(bridge);
    return bridge.broker();
  }

  @AfterEach
  void closeBridges() {
    bridges.forEach(RedisBridge::close);
  }

  @Test
  void whatOtherNodesSendIsDeliveredOffLettucesEventLoop() {
    Member a = start("a");
    Member b = start("b");
    awaitRoute(a, List.of(b), () -> all("probe"));

    a.broker().publish(all("hello"));

    assertThat(text(next(b))).isEqualTo("hello");
    assertThat(b.receiver().threads).allMatch(name -> name.startsWith("herald-redis-inbox-"));
  }
}
