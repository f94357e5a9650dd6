/**
 * The kit for cluster SPIs: {@link dev.herald.testing.cluster.LocalCluster}, an in-process broker
 * and registry that make several managers of one JVM a cluster, and the contracts every {@link
 * dev.herald.spi.Broker} and {@link dev.herald.spi.ClusterRegistry} passes: {@link
 * dev.herald.testing.cluster.BrokerContract} and {@link
 * dev.herald.testing.cluster.ClusterRegistryContract}.
 */
@NullMarked
package dev.herald.testing.cluster;

import org.jspecify.annotations.NullMarked;
