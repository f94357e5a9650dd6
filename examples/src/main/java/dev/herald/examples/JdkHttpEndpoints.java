package dev.herald.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Serves {@link HttpRoutes} on the JDK's built-in HTTP server, on a port of its own.
 *
 * <p>This class is thread-safe.
 */
final class JdkHttpEndpoints {
  private final HttpServer server;

  private JdkHttpEndpoints(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving {@code routes} on {@code address}, over TLS if {@code tls} is not null.
   *
   * @throws UncheckedIOException if the port cannot be bound
   */
  static JdkHttpEndpoints start(
      InetSocketAddress address, @Nullable SSLContext tls, HttpRoutes routes) {
    HttpServer server;
    try {
      if (tls == null) {
        server = HttpServer.create(address, 64);
      } else {
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for HTTP on " + address, e);
    }
    server.createContext("/", exchange -> answer(exchange, routes));
    server.start();
    return new JdkHttpEndpoints(server);
  }

  /** Returns the port the server listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server at once. */
  void stop() {
    server.stop(0);
  }

  private static void answer(HttpExchange exchange, HttpRoutes routes) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      HttpReply reply = routes.respond(method, exchange.getRequestURI().toString());
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (method.equals("HEAD")) {
        // -1: no body follows, which is what the JDK server expects for HEAD.
        exchange.sendResponseHeaders(reply.status(), -1);
        return;
      }
      exchange.sendResponseHeaders(reply.status(), reply.body().length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(reply.body());
      }
    }
  }
}
