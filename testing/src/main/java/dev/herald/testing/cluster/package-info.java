/**
 * The kit for cluster SPIs: {@link dev.herald.testing.cluster.LocalCluster}, an in-process broker
 * and registry that make several managers of one JVM a cluster, and the contracts every {@link
 * dev.herald.spi.Broker}, {@link dev.herald.spi.ClusterRegistry} and {@link dev.herald.spi.History}
 * passes: {@link dev.herald.testing.cluster.BrokerContract}, {@link
 * dev.herald.testing.cluster.ClusterRegistryContract} and {@link
 * dev.herald.testing.cluster.HistoryContract}.
 */
@NullMarked
package dev.herald.testing.cluster;

import org.jspecify.annotations.NullMarked;
