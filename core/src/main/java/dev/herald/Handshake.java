package dev.herald;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Describes the HTTP upgrade request of a WebSocket connection, as the authenticator sees it and as
 * the application finds it on the {@link Connection} later.
 *
 * <p>Instances are immutable.
 *
 * @param path the decoded request path, such as {@code /ws/alice}
 * @param query the decoded query parameters, in request order
 * @param headers the request headers; names compare case-insensitively
 * @param remoteAddress the peer's address, or null if the transport does not know it
 */
public record Handshake(
    String path,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    @Nullable InetSocketAddress remoteAddress) {

  /** Copies the maps into immutable ones; header names become case-insensitive. */
  public Handshake {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path does not start with '/': " + path);
    }
    query = Collections.unmodifiableMap(copy(query, new LinkedHashMap<>()));
    headers = Collections.unmodifiableMap(copy(headers, new TreeMap<>(String.CASE_INSENSITIVE_ORDER)));
  }

  /**
   * Parses a request target such as {@code /ws/alice?token=x}.
   *
   * @throws IllegalArgumentException if {@code requestTarget} is not a valid URI path and query
   */
  public static Handshake of(
      String requestTarget,
      Map<String, List<String>> headers,
      @Nullable InetSocketAddress remoteAddress) {
    URI uri;
    try {
      uri = new URI(requestTarget);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed request target: " + e.getMessage(), e);
    }
    String path = uri.getPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    return new Handshake(path, parseQuery(uri.getRawQuery()), headers, remoteAddress);
  }

  /** Returns the first value of the header {@code name}, or null if it is absent. */
  public @Nullable String header(String name) {
    return first(headers.get(name));
  }

  /** Returns the first value of the query parameter {@code name}, or null if it is absent. */
  public @Nullable String queryParameter(String name) {
    return first(query.get(name));
  }

  private static @Nullable String first(@Nullable List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static Map<String, List<String>> parseQuery(@Nullable String rawQuery) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return result;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return result;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, List<String>> copy(
      Map<String, List<String>> from, Map<String, List<String>> to) {
    from.forEach((name, values) -> to.put(name, List.copyOf(values)));
    return to;
  }
}
