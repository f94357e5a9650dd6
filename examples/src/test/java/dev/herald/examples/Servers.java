package dev.herald.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link EchoBroadcastServer}s on free loopback ports, and talks HTTP to them. */
final class Servers {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Servers() {}

  /** Starts a server on 127.0.0.1, both ports free ones, with {@code flags} added. */
  static EchoBroadcastServer start(String... flags) {
    List<String> args =
        new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--http-port", "0"));
    args.addAll(List.of(flags));
    return EchoBroadcastServer.start(Options.parse(args.toArray(String[]::new)));
  }

  /** Sends {@code method} {@code path} to 127.0.0.1:{@code port} and returns the answer. */
  static HttpResponse<String> request(String method, int port, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Returns GET {@code path} on 127.0.0.1:{@code port}. */
  static HttpResponse<String> get(int port, String path) {
    return request("GET", port, path);
  }
}
