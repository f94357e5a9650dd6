package dev.herald.examples;

import java.time.Duration;

/**
 * Holds a listening WebSocket server of one transport.
 *
 * <p>Implementations are thread-safe.
 */
interface WebSocketEndpoint {

  /** Returns the port the server listens on. */
  int port();

  /**
   * Drains the manager (1001 to every client), then stops the server. Blocks for at most {@code
   * grace} plus a few seconds.
   *
   * @return true if every connection ended within {@code grace}
   */
  boolean shutdown(Duration grace);
}
