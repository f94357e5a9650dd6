/**
 * The load generator: a Netty WebSocket client that holds thousands of connections from one
 * process, the scenarios of the command line, and the reports they write.
 */
@NullMarked
package dev.herald.bench.load;

import org.jspecify.annotations.NullMarked;
