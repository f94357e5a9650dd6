/**
 * JMH micro-benchmarks of Herald's core on in-process fake transports: broadcast fan-out, registry
 * and topic operations under contention, the heartbeat sweep, and the heap per connection.
 */
@NullMarked
package dev.herald.bench.jmh;

import org.jspecify.annotations.NullMarked;
