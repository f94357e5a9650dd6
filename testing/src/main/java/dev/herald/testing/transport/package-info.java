/**
 * The kit every transport adapter's test extends: {@link
 * dev.herald.testing.transport.TransportContract} runs every end-to-end behaviour of Herald against
 * the transport's real server.
 */
@NullMarked
package dev.herald.testing.transport;

import org.jspecify.annotations.NullMarked;
