/**
 * The Netty transport: {@link dev.herald.transport.netty.HeraldNettyServer} for a new server,
 * {@link dev.herald.transport.netty.HeraldWebSocketHandler} for a pipeline the application already
 * has.
 */
@NullMarked
package dev.herald.transport.netty;

import org.jspecify.annotations.NullMarked;
