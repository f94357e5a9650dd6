package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.SelfSignedTls;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Over TLS, messages small and large go both ways, and a plain client is refused. */
interface TlsContract extends TransportFixture {

  @Test
  default void aTlsClientExchangesMessagesAndAPlainClientIsRefused() throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate();
    Served<String> served =
        serve(TransportFixture.echo(), ServerOptions.plain().tls(tls.serverContext()));
    HttpClient https = HttpClient.newBuilder().sslContext(tls.clientContext()).build();

    TestClient secure = TestClient.connectAsync(https, served.uri("alice"), Map.of()).join();
    secure.send("over TLS");
    assertThat(secure.awaitText(WAIT)).isEqualTo("Echo: over TLS");
    secure.send("x".repeat(300_000));
    assertThat(secure.awaitText(WAIT)).hasSize(300_006);

    URI plainUri = URI.create("ws://127.0.0.1:" + served.base().getPort() + "/ws/mallory");
    CompletableFuture<TestClient> plain = TestClient.connectAsync(plainUri, Map.of());
    assertThat(plain).failsWithin(WAIT);
    assertThat(served.manager().connectionsOf("mallory")).isEmpty();
  }
}
