package dev.herald;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Stands for one live WebSocket connection held by a {@link ConnectionManager}: what it is, and
 * what the application may do to it. The listener's callbacks hand it over; {@link
 * ConnectionManager#connection} finds it by id.
 *
 * <p>Until the listener's {@code onOpen} for it has returned, a connection receives only what is
 * sent to it directly, through this interface or by its id: broadcasts, publishes and sends to its
 * client skip it. So what {@code onOpen} sends is its first frame.
 *
 * <p>Implementations are thread-safe. The fixed properties never change; {@link #topics()}, {@link
 * #queuedBytes()} and {@link #isOpen()} are read live. Every method returns without waiting on the
 * network.
 *
 * @param <T> the application's message type
 */
public interface Connection<T> {

  /** Returns the id of this connection, unique in the cluster: the node id, a dot, a counter. */
  String id();

  /** Returns the client this connection authenticated as. */
  String clientId();

  /** Returns the attributes the authenticator attached. */
  Map<String, String> attributes();

  /** Returns the handshake this connection was opened with. */
  Handshake handshake();

  /** Returns when this connection was opened. */
  Instant connectedAt();

  /**
   * Returns the WebSocket subprotocol agreed in the handshake, which chose this connection's codec;
   * null if none.
   */
  @Nullable String subprotocol();

  /** Returns a live, unmodifiable view of the topics this connection has joined. */
  Set<String> topics();

  /**
   * Returns the number of bytes queued for this connection and not yet written to its socket: what
   * the {@link OutboundPolicy} limits.
   */
  long queuedBytes();

  /** Returns whether the connection is open: not closing and not closed. */
  boolean isOpen();

  /**
   * Sends {@code message} to this connection, after everything sent to it before.
   *
   * @return false if the connection is closing or closed, or its queue was full (counted in {@link
   *     Stats#drops()})
   * @throws CodecException if the message cannot be encoded
   */
  boolean send(T message);

  /**
   * Sends {@code message} as {@link #send(Object)} does, with {@code delivery} for the queue limit.
   */
  boolean send(T message, Delivery delivery);

  /**
   * Adds this connection to {@code topic}. Idempotent; a connection leaves its topics when it
   * closes.
   *
   * @return false if the connection is closing or closed
   */
  boolean join(String topic);

  /**
   * Removes this connection from {@code topic}. Idempotent.
   *
   * @return true if it was a member
   */
  boolean leave(String topic);

  /**
   * Closes this connection: what was sent before is still written, then a close frame. If the peer
   * does not complete the close within the heartbeat timeout (10 s when heartbeats are off), its
   * socket is dropped. The listener hears {@code onClose} when it has ended.
   *
   * @param code a close code a server may send: 1000-1003, 1007-1014 or 3000-4999
   * @param reason a reason for the peer; cut to the 123 bytes a close frame holds
   * @return false if the connection was already closing or closed
   * @throws IllegalArgumentException if {@code code} is not one a server may send
   */
  boolean close(int code, String reason);
}
