package dev.herald.transport.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Authenticator;
import dev.herald.Connection;
import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;

class ExistingServerBridgeTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** An application's own server, as it would forward its callbacks to Herald. */
  static final class ApplicationServer extends WebSocketServer {
    final JavaWebSocketBridge bridge;
    final CountDownLatch started = new CountDownLatch(1);

    ApplicationServer(JavaWebSocketBridge bridge) {
      super(new InetSocketAddress("127.0.0.1", 0), bridge.drafts());
      this.bridge = bridge;
      bridge.configure(this);
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
        WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
      return bridge.onHandshake(conn, draft, request);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      bridge.onOpen(conn);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      bridge.onMessage(conn, message);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
      bridge.onMessage(conn, message);
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata frame) {
      bridge.onPong(conn);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      bridge.onClose(conn, code, reason, remote);
    }

    @Override
    public void onError(WebSocket conn, Exception error) {
      bridge.onError(conn, error);
    }

    @Override
    public void onStart() {
      started.countDown();
    }
  }

  @Test
  void anApplicationsOwnServerForwardsToTheManager() throws Exception {
    AtomicReference<ConnectionManager<String>> manager = new AtomicReference<>();
    manager.set(
        ConnectionManager.builder(String.class)
            .authenticator(Authenticator.pathSuffix("/chat/"))
            .listener(
                new RecordingListener<String>() {
                  @Override
                  public void onMessage(Connection connection, String message) {
                    manager.get().broadcast(connection.clientId() + ": " + message);
                  }
                })
            .build());
    ApplicationServer server = new ApplicationServer(JavaWebSocketBridge.of(manager.get().connector()));
    server.start();
    try {
      assertThat(server.started.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(server.getConnectionLostTimeout()).isZero();
      URI base = URI.create("ws://127.0.0.1:" + server.getPort() + "/chat/");
      TestClient alice = TestClient.connect(base.resolve("alice"));
      TestClient bob = TestClient.connect(base.resolve("bob"));
      await().atMost(WAIT).until(() -> manager.get().stats().activeConnections() == 2);

      alice.send("hi");

      assertThat(alice.awaitText(WAIT)).isEqualTo("alice: hi");
      assertThat(bob.awaitText(WAIT)).isEqualTo("alice: hi");
    } finally {
      manager.get().shutdown(WAIT);
      server.stop(1000);
    }
  }
}
