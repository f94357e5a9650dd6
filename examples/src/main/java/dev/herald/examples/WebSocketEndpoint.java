package dev.herald.examples;

/**
 * Holds a listening WebSocket server of one transport.
 *
 * <p>Implementations are thread-safe.
 */
interface WebSocketEndpoint extends AutoCloseable {

  /** Returns the port the server listens on. */
  int port();

  /** Returns whether the server still listens: false once its listening socket is gone. */
  boolean isListening();

  /** Stops the server; drain the manager first. Blocks for a few seconds at most. */
  @Override
  void close();
}
