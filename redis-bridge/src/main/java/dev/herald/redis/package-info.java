/**
 * Runs many Herald nodes as one over Redis: {@link dev.herald.redis.RedisBridge} yields a {@link
 * dev.herald.spi.Broker} on Redis Pub/Sub, a {@link dev.herald.spi.ClusterRegistry} on Redis keys
 * with leases and a {@link dev.herald.spi.History} on Redis Streams, for one {@link
 * dev.herald.ConnectionManager}.
 */
@NullMarked
package dev.herald.redis;

import org.jspecify.annotations.NullMarked;
