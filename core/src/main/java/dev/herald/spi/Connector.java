package dev.herald.spi;

import dev.herald.Admission;
import dev.herald.Handshake;
import dev.herald.HandshakePolicy;
import dev.herald.RejectReason;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
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
   * Registers a connection whose upgrade {@link #admit} accepted and the transport completed, and
   * returns its link. The manager first makes the connection's transport with {@code transport},
   * then registers the connection and tells the application, whose welcome, if it sends one, is the
   * first frame of the stream. If the manager no longer admits connections, or a cap was reached
   * meanwhile, the stream holds only a close frame (1001, or 4000 + the HTTP status) and the link
   * ignores what the peer sends.
   *
   * @param subprotocol the subprotocol agreed in the handshake, or null if none
   * @param transport makes the connection's writer for its link; called once, before this returns
   */
  Link open(
      Handshake handshake,
      Admission.Accepted admission,
      @Nullable String subprotocol,
      Function<? super Link, ? extends Transport> transport);

  /**
   * Returns the limits on the HTTP upgrade request that the transport enforces before it calls
   * {@link #admit}: a request over them, one that fails to parse, or one that does not complete in
   * time is refused and reported with {@link #refused}, and never upgraded.
   */
  HandshakePolicy handshakePolicy();

  /**
   * Reports a request the transport refused before it could hand the manager a {@link Handshake}:
   * over the {@link #handshakePolicy()} limits, malformed, or too slow. The manager counts it in
   * its stats and logs it, at WARN at most every few seconds.
   *
   * @param status the HTTP status the transport answered, or 0 if it closed without an answer
   * @param why what was wrong, for the log
   * @param remote the peer's address, if known
   */
  void refused(RejectReason reason, int status, String why, @Nullable InetSocketAddress remote);

  /**
   * Reports that the server failed to accept a connection, for example at the process's limit of
   * open files; the transport keeps listening and backs off. The manager counts it in {@link
   * dev.herald.Stats#acceptFailures()} and logs it, at WARN at most every few seconds.
   */
  void acceptFailed(Throwable cause);

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
