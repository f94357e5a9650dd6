package dev.herald.testing.cluster;

import dev.herald.spi.Broker;

class LocalBrokerTest extends BrokerContract {
  private final LocalCluster cluster = new LocalCluster();

  @Override
  protected Broker newBroker() {
    return cluster.broker();
  }
}
