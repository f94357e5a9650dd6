package dev.herald;

import java.util.Map;

/**
 * Decides the fate of one handshake: {@link Accepted} as a client, or {@link Rejected} with an HTTP
 * status. Returned by an {@link Authenticator}.
 *
 * <p>Instances are immutable.
 */
public sealed interface Admission permits Admission.Accepted, Admission.Rejected {

  /** Accepts the connection as {@code clientId}, with no attributes. */
  static Accepted accept(String clientId) {
    return new Accepted(clientId, Map.of());
  }

  /** Accepts the connection as {@code clientId}, with attributes the application reads later. */
  static Accepted accept(String clientId, Map<String, String> attributes) {
    return new Accepted(clientId, attributes);
  }

  /** Rejects the connection with an HTTP status (400-599) and a reason for the log and the peer. */
  static Rejected reject(int status, String reason) {
    return new Rejected(status, reason);
  }

  /**
   * An accepted handshake.
   *
   * @param clientId who the connection authenticated as; one client may hold several connections
   * @param attributes values the application attaches to the connection, such as a user's role
   */
  record Accepted(String clientId, Map<String, String> attributes) implements Admission {

    /** Checks the client id and copies the attributes. */
    public Accepted {
      if (clientId.isEmpty()) {
        throw new IllegalArgumentException("clientId is empty");
      }
      attributes = Map.copyOf(attributes);
    }
  }

  /**
   * A rejected handshake.
   *
   * @param status the HTTP status, 400-599
   * @param reason why, in a few words
   */
  record Rejected(int status, String reason) implements Admission {

    /** Checks the status. */
    public Rejected {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status is not 400-599: " + status);
      }
    }
  }
}
