package dev.herald.testing.cluster;

import dev.herald.spi.ClusterRegistry;

class LocalRegistryTest extends ClusterRegistryContract {
  private final LocalCluster cluster = new LocalCluster();

  @Override
  protected ClusterRegistry newRegistry() {
    return cluster.registry();
  }
}
