package dev.herald.spi;

/**
 * Receives what happens on one connection, from the transport that owns it. Returned by {@link
 * Connector#open}.
 *
 * <p>Implementations are thread-safe. The transport calls {@link #onMessage} for one connection from
 * one thread at a time, in arrival order; {@link #onClose} may come from another thread.
 */
public interface Inbound {

  /** Hands over one complete inbound message. */
  void onMessage(Payload payload);

  /** Reports a pong (or any proof of life the protocol has besides messages). */
  void onPong();

  /**
   * Reports that the connection is closed, whoever closed it. Called once; later calls are ignored.
   *
   * @param remote whether the peer started the close
   */
  void onClose(int code, String reason, boolean remote);

  /** Reports an error of the transport on this connection. */
  void onError(Throwable error);
}
