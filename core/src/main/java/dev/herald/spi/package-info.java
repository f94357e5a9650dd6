/**
 * What integrators implement: {@link dev.herald.spi.Transport} for a WebSocket server library,
 * {@link dev.herald.spi.Codec} for a message format, {@link dev.herald.spi.Broker} and {@link
 * dev.herald.spi.ClusterRegistry} for a cluster.
 */
@NullMarked
package dev.herald.spi;

import org.jspecify.annotations.NullMarked;
