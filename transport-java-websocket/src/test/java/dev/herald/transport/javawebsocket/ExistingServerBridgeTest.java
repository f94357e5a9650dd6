package dev.herald.transport.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.herald.Authenticator;
import dev.herald.Connection;
import dev.herald.ConnectionManager;
import dev.herald.HeartbeatPolicy;
import dev.herald.fixtures.RecordingListener;
import dev.herald.testing.SelfSignedTls;
import dev.herald.testing.TestClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Java-WebSocket server the application already has, handed to Herald with one call. */
class ExistingServerBridgeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final RecordingListener<String> listener = new Broadcaster();
  private final ConnectionManager<String> manager =
      ConnectionManager.builder(String.class)
          .authenticator(Authenticator.pathSuffix("/chat/"))
          .heartbeat(
              HeartbeatPolicy.defaults()
                  .interval(Duration.ofMillis(200))
                  .timeout(Duration.ofMillis(300)))
          .listener(listener)
          .build();
  private final ApplicationServer server = new ApplicationServer();

  /**
   * An application's own server that forwards nothing: none of its callbacks calls the bridge, so a
   * pong it would have to forward, and forgets to, cannot close anyone.
   */
  static final class ApplicationServer extends WebSocketServer {
    final CountDownLatch started = new CountDownLatch(1);
    final List<String> seen = new CopyOnWriteArrayList<>();

    ApplicationServer() {
      super(new InetSocketAddress("127.0.0.1", 0));
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      seen.add("open " + handshake.getResourceDescriptor());
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      seen.add("close " + code);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      seen.add("message " + message);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
      seen.add("binary message");
    }

    @Override
    public void onError(WebSocket conn, Exception error) {}

    @Override
    public void onStart() {
      started.countDown();
    }
  }

  /** Broadcasts what each client says to everyone. */
  private final class Broadcaster extends RecordingListener<String> {
    @Override
    public void onMessage(Connection<String> connection, String message) {
      manager.broadcast(connection.clientId() + ": " + message);
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    manager.shutdown(WAIT);
    server.stop(1000);
  }

  @Test
  void anApplicationsOwnServerServesHeraldWithoutForwardingAnything() throws Exception {
    JavaWebSocketBridge.of(manager.connector()).configure(server);
    server.start();
    assertThat(server.started.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(server.getConnectionLostTimeout()).isZero();
    URI base = URI.create("ws://127.0.0.1:" + server.getPort() + "/chat/");
    TestClient alice = TestClient.connect(base.resolve("alice"));
    TestClient bob = TestClient.connect(base.resolve("bob"));
    await().atMost(WAIT).until(() -> manager.stats().activeConnections() == 2);

    alice.send("hi");

    assertThat(alice.awaitText(WAIT)).isEqualTo("alice: hi");
    assertThat(bob.awaitText(WAIT)).isEqualTo("alice: hi");
    // Many heartbeat intervals later, the pongs reached Herald without any forwarding.
    await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> !alice.isClosed());
    assertThat(manager.connectionsOf("alice")).hasSize(1);
    assertThat(server.seen)
        .contains("open /chat/alice", "open /chat/bob")
        .doesNotContain("message hi");

    bob.close();
    await().atMost(WAIT).until(() -> server.seen.contains("close 1000"));
  }

  @Test
  void aTlsServerIsWrappedBeforeItIsConfigured() throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate();
    JavaWebSocketBridge bridge = JavaWebSocketBridge.of(manager.connector());
    server.setWebSocketFactory(
        bridge.wrap(new DefaultSSLWebSocketServerFactory(tls.serverContext())));
    bridge.configure(server);
    server.start();
    assertThat(server.started.await(5, TimeUnit.SECONDS)).isTrue();
    HttpClient https = HttpClient.newBuilder().sslContext(tls.clientContext()).build();

    TestClient alice =
        TestClient.connectAsync(
                https, URI.create("wss://127.0.0.1:" + server.getPort() + "/chat/alice"), Map.of())
            .join();
    alice.send("secret");

    assertThat(alice.awaitText(WAIT)).isEqualTo("alice: secret");
  }

  @Test
  void aFactoryTheBridgeDidNotWrapIsRefused() throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate();
    server.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(tls.serverContext()));

    assertThatThrownBy(() -> JavaWebSocketBridge.of(manager.connector()).configure(server))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bridge.wrap(factory)");
  }
}
