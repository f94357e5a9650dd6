package dev.herald.integration;

import dev.herald.ConnectionManager;
import dev.herald.transport.javawebsocket.HeraldWebSocketServer;
import dev.herald.transport.netty.HeraldNettyServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/** The transports every end-to-end test runs on: the same test, each server library. */
enum Transports {
  JAVA_WEBSOCKET {
    @Override
    Running start(ConnectionManager<?> manager, int sendBufferSize, @Nullable SSLContext tls) {
      HeraldWebSocketServer.Builder builder = HeraldWebSocketServer.builder(manager).address(LOOPBACK);
      if (sendBufferSize > 0) {
        builder.sendBufferSize(sendBufferSize);
      }
      if (tls != null) {
        builder.tls(tls);
      }
      HeraldWebSocketServer server = builder.build();
      server.start();
      return new Running(server.awaitStart(START), server::shutdown);
    }
  },
  NETTY {
    @Override
    Running start(ConnectionManager<?> manager, int sendBufferSize, @Nullable SSLContext tls) {
      HeraldNettyServer.Builder builder = HeraldNettyServer.builder(manager).address(LOOPBACK);
      if (sendBufferSize > 0) {
        builder.sendBufferSize(sendBufferSize);
      }
      if (tls != null) {
        builder.ssl(tls);
      }
      HeraldNettyServer server = builder.build().start();
      return new Running(server.awaitStart(START), server::shutdown);
    }
  };

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private static final Duration START = Duration.ofSeconds(10);

  /** A started server: its port, and how to drain and stop it. */
  record Running(int port, Stopper stopper) {}

  /** Drains the manager and stops the server within a grace. */
  interface Stopper {
    boolean shutdown(Duration grace);
  }

  /**
   * Starts a server on a free port of 127.0.0.1 for {@code manager}.
   *
   * @param sendBufferSize SO_SNDBUF of each connection, or 0 for the system's default
   * @param tls the server's TLS context, or null for plain ws://
   */
  abstract Running start(ConnectionManager<?> manager, int sendBufferSize, @Nullable SSLContext tls);
}
