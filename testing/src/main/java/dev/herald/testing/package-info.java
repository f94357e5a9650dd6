/**
 * What the tests of every Herald module share: a real WebSocket test client, a raw socket client
 * for what no real client does, a Redis server for tests, self-signed TLS, and the contract tests
 * every codec extends. Transports have their kit in {@link dev.herald.testing.transport}; the fakes
 * (a manual scheduler, a recording listener) come with herald-core's test fixtures.
 */
@NullMarked
package dev.herald.testing;

import org.jspecify.annotations.NullMarked;
