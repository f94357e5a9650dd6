package dev.herald.spi;

import dev.herald.Admission;
import dev.herald.Handshake;

/**
 * Lets a transport adapter hand connections to a {@code ConnectionManager}: first the handshake is
 * admitted, then the open connection is attached.
 *
 * <p>Implementations are thread-safe; both methods return without waiting on the network.
 */
public interface Connector {

  /**
   * Decides whether to accept a handshake, running the manager's admission checks and its
   * authenticator. Called on the transport's I/O thread, before the upgrade.
   */
  Admission admit(Handshake handshake);

  /**
   * Registers an open connection that {@link #admit} accepted and returns where the transport
   * reports its messages and its end. If the manager no longer admits connections, the connection
   * is closed with 1001 and the returned {@code Inbound} ignores what follows.
   */
  Inbound open(Transport transport, Handshake handshake, Admission.Accepted admission);
}
