package dev.herald.examples;

import dev.herald.ConnectionManager;
import dev.herald.HealthReport;
import dev.herald.micrometer.HeraldMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Answers the HTTP side of {@link EchoBroadcastServer}, whichever server carries it: {@code GET /}
 * the browser client and the Herald client's bundles it loads, {@code GET|HEAD /health} (a {@link
 * HealthReport}), {@code GET /metrics} (the manager's {@link HeraldMetrics} in Micrometer's
 * Prometheus registry).
 *
 * <p>This class is thread-safe. It never blocks, so Netty may call it on an event loop.
 */
final class HttpRoutes {
  private static final String JSON = "application/json";
  private static final String HTML = "text/html; charset=utf-8";
  private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
  // The Herald client's bundles, built from clients/js by the examples' build.
  private static final String CLIENT = "herald-client.min.js";
  private static final String MSGPACK = "herald-msgpack.min.js";
  private static final String TEXT = "text/plain; charset=utf-8";
  // What PrometheusMeterRegistry.scrape() writes.
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final ConnectionManager<?> manager;
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String page;
  private final String client = resource(CLIENT);
  private final String msgpack = resource(MSGPACK);
  private volatile @Nullable WebSocketEndpoint webSocket;

  /**
   * Creates the routes of {@code manager}.
   *
   * @param protocol the protocol the page speaks
   * @param secure whether the page connects with {@code wss://}
   */
  HttpRoutes(ConnectionManager<?> manager, Protocol protocol, boolean secure) {
    this.manager = manager;
    HeraldMetrics.of(manager).bindTo(metrics);
    this.page =
        resource("client.html")
            .replace("__PROTOCOL__", protocol.flag())
            .replace("__SCHEME__", secure ? "wss" : "ws");
  }

  /**
   * Tells the routes the WebSocket server, once it listens: the page's port, the health's check.
   */
  void webSocket(WebSocketEndpoint endpoint) {
    this.webSocket = endpoint;
  }

  /**
   * Returns the reply to {@code method} on {@code target}.
   *
   * @param target the request target: a path with an optional query
   */
  HttpReply respond(String method, String target) {
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    boolean read = method.equals("GET") || method.equals("HEAD");
    return switch (path) {
      case "/", "/index.html" -> read ? page() : notAllowed();
      case "/health" -> read ? health() : notAllowed();
      case "/metrics" -> read ? metrics() : notAllowed();
      case "/" + CLIENT -> read ? HttpReply.of(200, JAVASCRIPT, client) : notAllowed();
      case "/" + MSGPACK -> read ? HttpReply.of(200, JAVASCRIPT, msgpack) : notAllowed();
      default -> HttpReply.of(404, TEXT, "Not found: " + path + "\n");
    };
  }

  private HttpReply page() {
    WebSocketEndpoint endpoint = webSocket;
    int port = endpoint == null ? 0 : endpoint.port();
    return HttpReply.of(200, HTML, page.replace("__PORT__", Integer.toString(port)));
  }

  private HttpReply health() {
    WebSocketEndpoint endpoint = webSocket;
    HealthReport report = HealthReport.of(manager, endpoint != null && endpoint.isListening());
    return HttpReply.of(report.httpStatus(), JSON, report.toJson());
  }

  private HttpReply metrics() {
    return HttpReply.of(200, PROMETHEUS, metrics.scrape());
  }

  private static HttpReply notAllowed() {
    return HttpReply.of(405, TEXT, "Method not allowed\n");
  }

  private static String resource(String name) {
    try (InputStream in = HttpRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
