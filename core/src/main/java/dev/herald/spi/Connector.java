package dev.herald.spi;

import dev.herald.Admission;
import dev.herald.Handshake;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Lets a transport adapter hand connections to a {@code ConnectionManager}: first the handshake is
 * admitted, then the open connection is attached.
 *
 * <p>Implementations are thread-safe; every method returns without waiting on the network.
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
   *
   * @param subprotocol the subprotocol agreed in the handshake, or null if none
   */
  Inbound open(
      Transport transport,
      Handshake handshake,
      Admission.Accepted admission,
      @Nullable String subprotocol);

  /**
   * Returns the largest inbound message, in bytes, the transport must accept; it closes the
   * connection with 1009 on a larger one, before allocating it.
   */
  int maxMessageSize();

  /**
   * Returns the WebSocket subprotocols the manager serves, preferred first; empty if it serves
   * plain connections only.
   */
  List<String> subprotocols();

  /**
   * Returns the subprotocol to answer a handshake that offered {@code offered}: the manager's most
   * preferred one among them, or null to answer without one.
   */
  default @Nullable String selectSubprotocol(List<String> offered) {
    for (String supported : subprotocols()) {
      if (offered.contains(supported)) {
        return supported;
      }
    }
    return null;
  }
}
