package dev.herald.examples;

import dev.herald.BrokerState;
import dev.herald.ConnectionManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Answers the HTTP side of {@link EchoBroadcastServer}, whichever server carries it: {@code GET /}
 * the browser client and the Herald client's bundles it loads, {@code GET|HEAD /health}, {@code GET
 * /metrics}.
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
  private static final String HEALTHY = "healthy";
  private static final String DEGRADED = "degraded: no broker";
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final ConnectionManager<?> manager;
  private final boolean clustered;
  private final String page;
  private final String client = resource(CLIENT);
  private final String msgpack = resource(MSGPACK);
  private volatile @Nullable WebSocketEndpoint webSocket;

  /**
   * Creates the routes of {@code manager}.
   *
   * @param clustered whether the node is one of a cluster, which /health then describes
   * @param protocol the protocol the page speaks
   * @param secure whether the page connects with {@code wss://}
   */
  HttpRoutes(ConnectionManager<?> manager, boolean clustered, Protocol protocol, boolean secure) {
    this.manager = manager;
    this.clustered = clustered;
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
    String status = status();
    StringBuilder json =
        new StringBuilder()
            .append("{\"status\":\"")
            .append(status)
            .append("\",\"activeConnections\":")
            .append(manager.stats().activeConnections());
    if (clustered) {
      json.append(",\"nodeId\":\"")
          .append(manager.nodeId())
          .append("\",\"incarnation\":\"")
          .append(manager.incarnation())
          .append("\",\"broker\":\"")
          .append(manager.stats().broker().name().toLowerCase(Locale.ROOT))
          .append("\",\"clusterConnections\":")
          .append(manager.clusterConnections())
          .append(",\"liveNodes\":")
          .append(manager.liveNodes().size());
    }
    json.append("}");
    boolean serving = status.equals(HEALTHY) || status.equals(DEGRADED);
    return HttpReply.of(serving ? 200 : 503, JSON, json.toString());
  }

  /**
   * Returns what /health reports: {@value #HEALTHY} or {@value #DEGRADED} (200), or why not (503).
   * The one place that decides whether this node is fit to take connections.
   */
  private String status() {
    WebSocketEndpoint endpoint = webSocket;
    if (manager.isDraining()) {
      return "draining";
    }
    if (endpoint == null || !endpoint.isListening()) {
      return "not listening";
    }
    // Still fit to serve its own connections, so still 200: a Redis outage must not take every
    // node out of the load balancer at once. The word tells monitors what is missing.
    return clustered && manager.stats().broker() != BrokerState.CONNECTED ? DEGRADED : HEALTHY;
  }

  private HttpReply metrics() {
    return HttpReply.of(
        200,
        PROMETHEUS,
        PrometheusFormat.render(
            manager.stats(), manager.isDraining(), clustered ? manager.clusterConnections() : -1));
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
