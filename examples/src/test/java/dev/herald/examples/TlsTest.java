package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.TestClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TlsTest {
  private static final String PASSWORD = "examples-test";

  @TempDir static Path dir;
  private static Path keystore;
  private static HttpClient trusting;

  @BeforeAll
  static void makeKeystore() throws Exception {
    keystore = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0)
        .as(output)
        .isTrue();

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    trusting = HttpClient.newBuilder().sslContext(context).connectTimeout(TIMEOUT).build();
  }

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void keystoreFlagsServeWssAndHttps(ServerTransport transport) throws Exception {
    EchoBroadcastServer server =
        Servers.start(
            "--transport", transport.flag(),
            "--keystore", keystore.toString(),
            "--keystore-password", PASSWORD);
    URI uri = URI.create("wss://127.0.0.1:" + server.webSocketPort() + "/ws/secure");
    try (TestClient client =
        TestClient.connectAsync(trusting, uri, Map.of()).get(10, TimeUnit.SECONDS)) {
      assertThat(client.awaitText(TIMEOUT)).isEqualTo("Connected as client secure");
      client.send("over TLS");
      assertThat(client.awaitText(TIMEOUT)).isEqualTo("Echo: over TLS");

      HttpRequest health =
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpPort() + "/health"))
              .build();
      HttpResponse<String> response = trusting.send(health, HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("{\"status\":\"healthy\",\"activeConnections\":1}");
      HttpRequest page =
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpPort() + "/"))
              .build();
      assertThat(trusting.send(page, HttpResponse.BodyHandlers.ofString()).body())
          .contains("\"wss://\" + location.hostname");
    } finally {
      server.shutdown(Duration.ofSeconds(2));
    }
  }
}
