package dev.herald.spi;

import org.jspecify.annotations.Nullable;

/**
 * Stands for one connection on the manager's side, as its transport sees it: where the transport
 * reports what the peer sent, and where its writer takes what to send. Returned by {@link
 * Connector#open}.
 *
 * <p>The manager owns the connection's outbound stream: one queue of messages, pings and the close,
 * in order; the count of bytes queued and not yet written; and every deadline. The transport is a
 * writer: when {@link Transport#wake()} asks it to, it takes frames with {@link #poll()} on its own
 * I/O thread, writes them, and reports the bytes that reached the socket with {@link #written}. It
 * stops taking frames while its socket cannot take more, and goes on by itself, without a new wake,
 * once it can. When {@code poll()} returns null the stream is idle, and the next frame comes with a
 * wake.
 *
 * <p>This interface is thread-safe. The transport calls {@link #onMessage} for one connection from
 * one thread at a time, in arrival order, and {@link #poll()} from one writer thread at a time.
 */
public interface Link {

  /** Hands over one complete inbound message. */
  void onMessage(Payload payload);

  /** Reports a pong (or any proof of life the protocol has besides messages). */
  void onPong();

  /**
   * Reports that the peer broke the protocol, and how the connection must close: 1002, 1007 for
   * invalid UTF-8, 1009 for a message over {@link Connector#maxMessageSize()}. The manager drops
   * what is queued and queues a close frame with {@code code} and {@code reason} in its place,
   * which the transport writes next and ends the connection after as after any close frame. The
   * transport keeps reading, and dropping, what the peer still sends: a peer whose sending meets a
   * closed socket gets a reset, and loses the close frame with it.
   */
  void onProtocolError(int code, String reason);

  /**
   * Reports that the connection is closed, whoever closed it. Called once, after which the stream
   * holds nothing; later calls are ignored.
   *
   * @param remote whether the peer started the close
   */
  void onClose(int code, String reason, boolean remote);

  /** Reports an error of the transport on this connection. */
  void onError(Throwable error);

  /**
   * Takes the next frame to write, or returns null if the stream holds none. A {@link Frame.Close}
   * is the last frame it ever returns.
   */
  @Nullable Frame poll();

  /**
   * Reports that the socket stopped taking bytes and the writer waits for it, with frames still to
   * write: until the writer takes its next frame, the manager's outbound limit applies to what
   * waits behind it. A writer that never reports it lets its queue grow without a limit.
   */
  void blocked();

  /** Reports that {@code bytes} of the frames taken reached the socket. */
  void written(int bytes);
}
