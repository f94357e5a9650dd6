package dev.herald;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Describes the HTTP upgrade request of a WebSocket connection, as the authenticator sees it and as
 * the application finds it on the {@link Connection} later.
 *
 * <p>Instances are immutable.
 */
public final class Handshake {
  private final String path;
  private final Map<String, List<String>> query;
  private final Map<String, List<String>> headers;
  private final @Nullable InetSocketAddress remoteAddress;

  /**
   * The header names and values that nearly every upgrade request carries, kept once for all
   * connections instead of once per connection; names are in lower case.
   */
  private static final Map<String, String> COMMON =
      Stream.of(
              "host",
              "upgrade",
              "connection",
              "origin",
              "user-agent",
              "cookie",
              "authorization",
              "accept-encoding",
              "accept-language",
              "cache-control",
              "pragma",
              "sec-websocket-version",
              "sec-websocket-protocol",
              "sec-websocket-extensions",
              "x-forwarded-for",
              "x-forwarded-proto",
              "websocket",
              "Upgrade",
              "13",
              "no-cache",
              "permessage-deflate; client_max_window_bits")
          .collect(Collectors.toUnmodifiableMap(Function.identity(), Function.identity()));

  /** The one header the handshake itself needs and nothing after it: not kept. */
  private static final String KEY = "sec-websocket-key";

  // The maps are compact immutable copies, header names in lower case: a node keeps one handshake
  // per connection, so they are small rather than tree or linked maps.
  private Handshake(
      String path,
      Map<String, List<String>> query,
      Map<String, List<String>> headers,
      @Nullable InetSocketAddress remoteAddress) {
    this.path = path;
    this.query = copy(query, false);
    this.headers = copy(headers, true);
    this.remoteAddress = remoteAddress;
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
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path does not start with '/': " + path);
    }
    return new Handshake(path, parseQuery(uri.getRawQuery()), headers, remoteAddress);
  }

  /** Returns the decoded request path, such as {@code /ws/alice}. */
  public String path() {
    return path;
  }

  /** Returns the decoded query parameters. */
  public Map<String, List<String>> query() {
    return query;
  }

  /**
   * Returns the request headers, with names in lower case as HTTP/2 writes them, except {@code
   * Sec-WebSocket-Key}: the transport answered it, and a connection has no use for it afterwards.
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** Returns the peer's address, or null if the transport does not know it. */
  public @Nullable InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** Returns the first value of the header {@code name}, in any case, or null if it is absent. */
  public @Nullable String header(String name) {
    return first(headers.get(name.toLowerCase(Locale.ROOT)));
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

  private static Map<String, List<String>> copy(Map<String, List<String>> from, boolean headers) {
    Map<String, List<String>> to = new HashMap<>();
    from.forEach(
        (name, values) -> {
          String key = headers ? common(name.toLowerCase(Locale.ROOT)) : name;
          if (!key.equals(KEY)) {
            List<String> kept =
                headers
                    ? List.of(values.stream().map(Handshake::common).toArray(String[]::new))
                    : List.copyOf(values);
            to.merge(key, kept, (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
          }
        });
    return Map.copyOf(to);
  }

  private static String common(String text) {
    return COMMON.getOrDefault(text, text);
  }

  @Override
  public String toString() {
    return "Handshake[" + path + " from " + remoteAddress + "]";
  }
}
