/**
 * The servers the load generator measures: Herald's echo and broadcast server on either transport,
 * and the same protocol on plain Java-WebSocket and plain Netty (and, in {@code bench/peers}, on
 * Node's {@code ws} and on Bun), so that Herald's cost is a ratio measured in one run.
 *
 * <p>The protocol is the seed scenario's, plus three conventions by client id and query:
 *
 * <ul>
 *   <li>{@code /ws/{clientId}}: welcome {@code Connected as client {clientId}}; each message {@code
 *       DATA} comes back as {@code Echo: DATA} and goes to every other client as {@code Client
 *       {clientId} says: DATA}.
 *   <li>a client id starting with {@code echo}: echo only, no broadcast (the echo scenarios).
 *   <li>a client id starting with {@code publisher}: broadcast to every other client, no echo (the
 *       fan-out scenario).
 *   <li>{@code ?room=NAME}: the broadcast goes only to the other members of room {@code NAME} (the
 *       chat scenario).
 * </ul>
 */
@NullMarked
package dev.herald.bench.targets;

import org.jspecify.annotations.NullMarked;
