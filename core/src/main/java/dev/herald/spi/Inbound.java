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
   * Reports that the transport has written out what it held, or fell to its low-water mark, so
   * that Herald may hand it more. Herald holds frames back while {@link Transport#bufferedBytes()}
   * is above a window of its own, and relies on this call to resume: a transport must make it at
   * least whenever its buffered bytes drop to zero after having been above zero.
   */
  void onWritable();

  /**
   * Reports that the connection is closed, whoever closed it. Called once; later calls are ignored.
   *
   * @param remote whether the peer started the close
   */
  void onClose(int code, String reason, boolean remote);

  /** Reports an error of the transport on this connection. */
  void onError(Throwable error);
}
