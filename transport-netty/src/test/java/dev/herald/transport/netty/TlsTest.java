package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir static Path dir;
  private static KeyStore keyStore;

  private ConnectionManager<String> manager;
  private HeraldNettyServer server;
  private int port;

  /** Generates a self-signed certificate for 127.0.0.1 with the JDK's keytool. */
  @BeforeAll
  static void generateCertificate() throws Exception {
    Path file = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "herald",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keyStore.load(in, PASSWORD);
    }
  }

  @BeforeEach
  void startServer() throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, PASSWORD);
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keys.getKeyManagers(), null, null);
    manager =
        ConnectionManager.builder(String.class)
            .listener(
                new ConnectionListener<>() {
                  @Override
                  public void onMessage(Connection connection, String message) {
                    manager.sendTo(connection.id(), "secure echo: " + message);
                  }
                })
            .build();
    server =
        HeraldNettyServer.builder(manager)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .ssl(serverContext)
            .build()
            .start();
    port = server.awaitStart(Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    server.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void wssClientExchangesMessages() throws Exception {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keyStore);
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, trust.getTrustManagers(), null);
    HttpClient client = HttpClient.newBuilder().sslContext(clientContext).build();
    CompletableFuture<String> reply = new CompletableFuture<>();

    WebSocket socket =
        client
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("wss://127.0.0.1:" + port + "/ws"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    reply.complete(data.toString());
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    socket.sendText("over tls", true).get(10, TimeUnit.SECONDS);

    assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("secure echo: over tls");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
  }

  @Test
  void plainClientOnTheTlsPortFails() {
    assertThatThrownBy(() -> TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws")))
        .isInstanceOf(Exception.class);
    assertThat(manager.stats().activeConnections()).isZero();
  }
}
