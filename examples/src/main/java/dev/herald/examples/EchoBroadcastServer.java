package dev.herald.examples;

import dev.herald.AdmissionPolicy;
import dev.herald.ConnectionManager;
import dev.herald.HeartbeatPolicy;
import dev.herald.InboundPolicy;
import dev.herald.redis.RedisBridge;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ParameterException;

/**
 * Echoes each WebSocket message to its sender and broadcasts it to every other client, in one of
 * three protocols, on Netty or Java-WebSocket, alone or as one node of a cluster on Redis; and
 * serves a browser client, {@code /health} and {@code /metrics} over HTTP.
 *
 * <pre>
 * java -jar examples/target/herald-examples.jar [--protocol text|json|msgpack|herald]
 *     [--transport netty|java-websocket] [--port 8000] [--http-port 8080] [--redis redis://...]
 * </pre>
 *
 * <p>Run with {@code --help} for every flag. SIGTERM drains: every client gets 1001, and {@code
 * /health} answers 503 "draining" until they are gone or the grace ran out.
 *
 * <p>This class is thread-safe.
 */
public final class EchoBroadcastServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EchoBroadcastServer.class);

  private final ConnectionManager<?> manager;
  private final WebSocketEndpoint webSocket;
  private final NettyHttpServer http;
  private final @Nullable RedisBridge bridge;
  private final Duration grace;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private EchoBroadcastServer(
      ConnectionManager<?> manager,
      WebSocketEndpoint webSocket,
      NettyHttpServer http,
      @Nullable RedisBridge bridge,
      Duration grace) {
    this.manager = manager;
    this.webSocket = webSocket;
    this.http = http;
    this.bridge = bridge;
    this.grace = grace;
  }

  /**
   * Starts the server with the flags in {@code args} and drains it on SIGTERM or Ctrl-C. Exits with
   * 2 on a bad flag and with 1 if the server cannot start.
   */
  public static void main(String[] args) {
    Options options;
    try {
      if (Options.printedHelp(args)) {
        return;
      }
      options = Options.parse(args);
    } catch (ParameterException e) {
      System.err.println(e.getMessage());
      Options.printUsage();
      System.exit(2);
      return;
    }
    EchoBroadcastServer server;
    try {
      server = start(options);
    } catch (RuntimeException e) {
      log.error("Could not start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "herald-shutdown"));
  }

  /**
   * Starts a server as {@code options} say and returns once both ports listen.
   *
   * @throws RuntimeException if a port cannot be bound or the keystore cannot be read; whatever had
   *     started is stopped again
   */
  static EchoBroadcastServer start(Options options) {
    return start(options, options.protocol().chat());
  }

  private static <T> EchoBroadcastServer start(Options options, Chat<T> chat) {
    Path keystore = options.keystore();
    SSLContext tls =
        keystore == null ? null : Tls.serverContext(keystore, options.keystorePassword());
    URI redis = options.redis();
    RedisBridge bridge =
        redis == null ? null : RedisBridge.builder(redis).leaseTtl(options.leaseTtl()).build();
    ConnectionManager<T> manager = null;
    WebSocketEndpoint webSocket = null;
    try {
      boolean clustered = bridge != null;
      ConnectionManager.Builder<T> builder =
          ConnectionManager.builder(chat.codec())
              .listener(built -> new ChatListener<>(chat, clustered, built))
              .authenticator(chat.authenticator())
              .admission(
                  AdmissionPolicy.defaults()
                      .allowedOrigins(options.allowedOrigins().toArray(String[]::new)))
              .handshake(options.handshake())
              .heartbeat(
                  HeartbeatPolicy.defaults()
                      .interval(options.pingInterval())
                      .timeout(options.pongTimeout()))
              // A bad message is answered, not punished.
              .inbound(options.inbound().onUndecodable(InboundPolicy.Action.REPLY))
              .decodeErrorReply(chat::invalid)
              .farewell((connection, after) -> chat.farewell(after), options.reconnectSpread());
      if (options.nodeId() != null) {
        builder.nodeId(options.nodeId());
      }
      if (bridge != null) {
        builder.broker(bridge.broker()).registry(bridge.registry());
      }
      Rooms.configure(builder, chat.type(), bridge);
      manager = builder.build();
      HttpRoutes routes = new HttpRoutes(manager, options.protocol(), tls != null);
      webSocket = options.transport().start(manager, options.webSocketAddress(), tls, routes);
      routes.webSocket(webSocket);
      NettyHttpServer http = NettyHttpServer.start(options.httpAddress(), tls, routes);
      log.info(
          "Herald {} server on {}: WebSocket {}://{}:{}, HTTP {}://{}:{}/ (node {}{})",
          options.protocol().flag(),
          options.transport().flag(),
          tls == null ? "ws" : "wss",
          options.webSocketAddress().getHostString(),
          webSocket.port(),
          tls == null ? "http" : "https",
          options.httpAddress().getHostString(),
          http.port(),
          manager.nodeId(),
          redis == null ? ", alone" : ", cluster on " + redis.getHost() + ":" + redis.getPort());
      return new EchoBroadcastServer(manager, webSocket, http, bridge, options.grace());
    } catch (RuntimeException e) {
      if (manager != null) {
        manager.shutdown(Duration.ZERO);
      }
      if (webSocket != null) {
        webSocket.close();
      }
      if (bridge != null) {
        bridge.close();
      }
      throw e;
    }
  }

  /** Returns the port of the WebSocket server. */
  int webSocketPort() {
    return webSocket.port();
  }

  /** Returns the port of the HTTP server. */
  int httpPort() {
    return http.port();
  }

  /** Returns the manager the server runs on. */
  ConnectionManager<?> manager() {
    return manager;
  }

  /** Returns this node's id. */
  String nodeId() {
    return manager.nodeId();
  }

  /**
   * Drains and stops: stops admitting, sends 1001 to every client, waits for them for at most
   * {@code grace}, then stops the WebSocket server, the HTTP server (which answers 503 "draining"
   * until then) and the Redis bridge. Idempotent.
   *
   * @return true if every connection ended within {@code grace}
   */
  boolean shutdown(Duration grace) {
    if (!stopped.compareAndSet(false, true)) {
      return true;
    }
    log.info("Shutting down: draining {} connections", manager.stats().activeConnections());
    boolean clean = manager.shutdown(grace);
    webSocket.close();
    http.stop();
    if (bridge != null) {
      bridge.close();
    }
    log.info("Stopped{}", clean ? "" : " (some connections outlived the grace and were dropped)");
    return clean;
  }

  /** Shuts down with the grace of the {@code --grace} flag. */
  @Override
  public void close() {
    shutdown(grace);
  }
}
