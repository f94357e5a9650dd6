package dev.herald;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Describes one live WebSocket connection held by a {@link ConnectionManager}. Send to it and close
 * it through the manager, by {@link #id()}.
 *
 * <p>Implementations are thread-safe. The fixed properties never change; {@link #topics()}, {@link
 * #queuedBytes()} and {@link #isOpen()} are read live.
 */
public interface Connection {

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
   * Returns the WebSocket subprotocol agreed in the handshake, which chose this connection's
   * codec; null if none.
   */
  @Nullable String subprotocol();

  /** Returns a live, unmodifiable view of the topics this connection has joined. */
  Set<String> topics();

  /** Returns the number of bytes queued for this connection and not yet written to its socket. */
  long queuedBytes();

  /** Returns whether the connection is open: not closing and not closed. */
  boolean isOpen();
}
