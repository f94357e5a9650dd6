package dev.herald.examples;

import dev.herald.ConnectionManager;
import dev.herald.transport.javawebsocket.HeraldWebSocketServer;
import dev.herald.transport.netty.HeraldNettyServer;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Names the WebSocket servers {@link EchoBroadcastServer} runs on, as the {@code --transport} flag
 * does.
 */
enum ServerTransport {
  /** {@code HeraldNettyServer}: also answers the HTTP routes on the WebSocket port. */
  NETTY("netty") {
    @Override
    WebSocketEndpoint start(
        ConnectionManager<?> manager,
        InetSocketAddress address,
        @Nullable SSLContext tls,
        HttpRoutes routes) {
      HeraldNettyServer.Builder builder =
          HeraldNettyServer.builder(manager)
              .address(address)
              .httpHandler(new NettyHttpEndpoints(routes));
      if (tls != null) {
        builder.tls(tls);
      }
      HeraldNettyServer server = builder.build().start();
      return endpoint(server.port(), server::isListening, server);
    }
  },

  /** {@code HeraldWebSocketServer}, on Java-WebSocket 1.6.0. */
  JAVA_WEBSOCKET("java-websocket") {
    @Override
    WebSocketEndpoint start(
        ConnectionManager<?> manager,
        InetSocketAddress address,
        @Nullable SSLContext tls,
        HttpRoutes routes) {
      HeraldWebSocketServer.Builder builder =
          HeraldWebSocketServer.builder(manager).address(address);
      if (tls != null) {
        builder.tls(tls);
      }
      HeraldWebSocketServer server = builder.build().start();
      return endpoint(server.port(), server::isListening, server);
    }
  };

  private static WebSocketEndpoint endpoint(
      int port, BooleanSupplier listening, AutoCloseable server) {
    return new WebSocketEndpoint() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public boolean isListening() {
        return listening.getAsBoolean();
      }

      @Override
      public void close() {
        try {
          server.close();
        } catch (Exception e) {
          throw new IllegalStateException("could not stop the WebSocket server", e);
        }
      }
    };
  }

  private final String flag;

  ServerTransport(String flag) {
    this.flag = flag;
  }

  /**
   * Returns the transport named {@code name}: netty or java-websocket.
   *
   * @throws IllegalArgumentException for any other name
   */
  static ServerTransport of(String name) {
    for (ServerTransport transport : values()) {
      if (transport.flag.equals(name)) {
        return transport;
      }
    }
    throw new IllegalArgumentException("not netty or java-websocket: " + name);
  }

  /** Returns the name the flag takes. */
  String flag() {
    return flag;
  }

  /**
   * Starts a server for {@code manager} on {@code address} and returns once it listens.
   *
   * @param tls the server's TLS context for {@code wss://}, or null for plain {@code ws://}
   * @param routes the HTTP routes, for a transport that can answer them on its own port
   * @throws dev.herald.HeraldException if the server cannot listen
   */
  abstract WebSocketEndpoint start(
      ConnectionManager<?> manager,
      InetSocketAddress address,
      @Nullable SSLContext tls,
      HttpRoutes routes);
}
