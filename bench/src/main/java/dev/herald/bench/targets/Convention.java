package dev.herald.bench.targets;

import org.jspecify.annotations.Nullable;

/**
 * Reads the benchmark conventions from a connection's path; see {@link dev.herald.bench.targets}.
 */
enum Convention {
  /** Echo to the sender and broadcast to every other client (or room member). */
  ECHO_AND_BROADCAST,
  /** Echo only. */
  ECHO_ONLY,
  /** Broadcast to every other client, no echo. */
  PUBLISHER;

  static final String PATH_PREFIX = "/ws/";

  static Convention of(String clientId) {
    if (clientId.startsWith("publisher")) {
      return PUBLISHER;
    }
    return clientId.startsWith("echo") ? ECHO_ONLY : ECHO_AND_BROADCAST;
  }

  /** Returns the room named in a request target such as {@code /ws/c1?room=r7}, or null. */
  static @Nullable String room(String requestTarget) {
    int query = requestTarget.indexOf('?');
    if (query < 0) {
      return null;
    }
    for (String pair : requestTarget.substring(query + 1).split("&")) {
      if (pair.startsWith("room=") && pair.length() > 5) {
        return pair.substring(5);
      }
    }
    return null;
  }

  /** Returns the client id of a request target, or null if it is not under {@code /ws/}. */
  static @Nullable String clientId(String requestTarget) {
    if (!requestTarget.startsWith(PATH_PREFIX)) {
      return null;
    }
    int query = requestTarget.indexOf('?');
    String id =
        requestTarget.substring(PATH_PREFIX.length(), query < 0 ? requestTarget.length() : query);
    return id.isEmpty() ? null : id;
  }
}
