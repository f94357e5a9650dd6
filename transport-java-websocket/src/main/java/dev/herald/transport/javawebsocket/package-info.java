/**
 * The Java-WebSocket transport: {@link dev.herald.transport.javawebsocket.HeraldWebSocketServer}
 * for a new server, {@link dev.herald.transport.javawebsocket.JavaWebSocketBridge} for one the
 * application already has.
 */
@NullMarked
package dev.herald.transport.javawebsocket;

import org.jspecify.annotations.NullMarked;
