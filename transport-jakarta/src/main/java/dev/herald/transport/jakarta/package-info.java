/**
 * The Jakarta WebSocket transport: {@link dev.herald.transport.jakarta.HeraldWebSocketFilter}
 * upgrades requests to Herald connections on the servlet container the application already runs
 * (Tomcat, Jetty, Undertow), through the Jakarta WebSocket 2.1 API alone.
 */
@NullMarked
package dev.herald.transport.jakarta;

import org.jspecify.annotations.NullMarked;
