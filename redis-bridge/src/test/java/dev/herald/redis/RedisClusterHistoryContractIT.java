package dev.herald.redis;

import dev.herald.spi.History;
import dev.herald.testing.RedisServerCluster;
import dev.herald.testing.cluster.HistoryContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Holds the Redis history on a 3-master Redis Cluster to the contract: each topic's scripts run on
 * the master of its slot, which learns them from the first {@code NOSCRIPT}, and what they publish
 * reaches subscribers on any master.
 */
class RedisClusterHistoryContractIT extends HistoryContract {
  private static RedisServerCluster cluster;

  private final List<RedisBridge> bridges = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    cluster = RedisServerCluster.start(3);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  protected History newHistory() {
    RedisBridge bridge = RedisBridge.builder(cluster.seed()).cluster().build();
    bridges.add(bridge);
    return bridge.history();
  }

  @AfterEach
  void closeBridges() {
    bridges.forEach(RedisBridge::close);
  }
}
