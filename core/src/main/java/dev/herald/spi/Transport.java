package dev.herald.spi;

/**
 * Sends to one WebSocket connection on behalf of a WebSocket server library. One implementation per
 * server library; one instance per connection.
 *
 * <p>Implementations must be thread-safe and must never block: every method only hands work to the
 * server library's I/O. None of them may throw because the connection closed meanwhile.
 */
public interface Transport {

  /** Returns the framer whose frames {@link #send} accepts; the same instance for a whole server. */
  Framer framer();

  /**
   * Queues {@code frame} for sending, after everything queued before it.
   *
   * @return false if the connection is no longer open and the frame was not queued
   */
  boolean send(Frame frame);

  /** Queues a protocol ping. Does nothing on a connection that is no longer open. */
  void ping();

  /**
   * Starts the closing handshake: the frames queued before are still sent, then a close frame with
   * {@code code} and {@code reason}. The transport reports the end through {@link Inbound#onClose}.
   */
  void close(int code, String reason);

  /**
   * Closes the socket at once, dropping what is still queued, and reports it through {@link
   * Inbound#onClose}. For peers that stopped reading and would never see a close frame.
   */
  void abort();

  /** Returns the number of bytes queued on this connection and not yet written to the socket. */
  long bufferedBytes();
}
