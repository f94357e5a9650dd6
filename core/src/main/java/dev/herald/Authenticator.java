package dev.herald;

import java.util.regex.Pattern;

/**
 * Decides who a connecting peer is, from its handshake.
 *
 * <p>Implementations must be thread-safe and should return quickly: they run on the transport's I/O
 * thread during the handshake. An exception they throw rejects the handshake with status 500.
 */
@FunctionalInterface
public interface Authenticator {

  /** Returns whether to accept {@code handshake}, and as which client. */
  Admission authenticate(Handshake handshake);

  /** Returns an authenticator that accepts every handshake as client {@code anonymous}. */
  static Authenticator anonymous() {
    return handshake -> Admission.accept("anonymous");
  }

  /**
   * Returns an authenticator that takes the client id from the path segment after {@code prefix}:
   * with {@code "/ws/"}, a request for {@code /ws/alice} connects as {@code alice}. A client id is
   * 1-64 characters of {@code A-Z a-z 0-9 _ -}; other paths are rejected with 404, other ids with
   * 400.
   */
  static Authenticator pathSuffix(String prefix) {
    if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix does not start and end with '/': " + prefix);
    }
    Pattern clientId = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    return handshake -> {
      String path = handshake.path();
      if (!path.startsWith(prefix)) {
        return Admission.reject(404, "no WebSocket endpoint at " + path);
      }
      String id = path.substring(prefix.length());
      if (!clientId.matcher(id).matches()) {
        return Admission.reject(400, "client id is not 1-64 characters of A-Z a-z 0-9 _ -");
      }
      return Admission.accept(id);
    };
  }
}
