package dev.herald.spi;

/**
 * Writes one connection's outbound stream to its socket, on behalf of a WebSocket server library.
 * One implementation per server library; one instance per connection, made for its {@link Link} by
 * the factory given to {@link Connector#open}.
 *
 * <p>Implementations must be thread-safe and must never block: both methods are called from any
 * thread, application threads included, and only hand work to the library's I/O thread.
 */
public interface Transport {

  /**
   * Asks for the stream to be written: soon, on the transport's I/O thread, take frames from {@link
   * Link#poll()} until it returns null or the socket is full. The manager calls it when a frame
   * arrives in an idle stream, not for every frame.
   */
  void wake();

  /**
   * Closes the socket now. Writes first what the stream still holds (after a slow consumer or a
   * heartbeat timeout: only a close frame) as far as the socket takes it without waiting, then
   * closes, and reports the end through {@link Link#onClose}. Idempotent.
   */
  void abort();
}
