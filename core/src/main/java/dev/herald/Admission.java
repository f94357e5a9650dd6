package dev.herald;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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

  /** An accepted handshake. */
  final class Accepted implements Admission {
    private final String clientId;
    private final Map<String, String> attributes;

    private Accepted(String clientId, Map<String, String> attributes) {
      if (clientId.isEmpty()) {
        throw new IllegalArgumentException("clientId is empty");
      }
      this.clientId = clientId;
      this.attributes = Map.copyOf(attributes);
    }

    /** Returns who the connection authenticated as; one client may hold several connections. */
    public String clientId() {
      return clientId;
    }

    /** Returns the values the application attached, such as a user's role. */
    public Map<String, String> attributes() {
      return attributes;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Accepted other
          && clientId.equals(other.clientId)
          && attributes.equals(other.attributes);
    }

    @Override
    public int hashCode() {
      return Objects.hash(clientId, attributes);
    }

    @Override
    public String toString() {
      return "Accepted[" + clientId + "]";
    }
  }

  /** A rejected handshake. */
  final class Rejected implements Admission {
    private final int status;
    private final String reason;

    private Rejected(int status, String reason) {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status is not 400-599: " + status);
      }
      this.status = status;
      this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Returns the HTTP status, 400-599. */
    public int status() {
      return status;
    }

    /** Returns why, in a few words, for the log and the peer. */
    public String reason() {
      return reason;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Rejected other && status == other.status && reason.equals(other.reason);
    }

    @Override
    public int hashCode() {
      return Objects.hash(status, reason);
    }

    @Override
    public String toString() {
      return "Rejected[" + status + " " + reason + "]";
    }
  }
}
