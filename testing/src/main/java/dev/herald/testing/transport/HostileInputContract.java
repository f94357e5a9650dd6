package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear error and costs nothing but the offending connection. */
interface HostileInputContract extends TransportFixture {

  @Test
  default void garbageInsteadOfAHandshakeIsRefusedAndTheServerGoesOn() throws Exception {
    Served<String> served = serve(TransportFixture.echo());

    String answer =
        RawClient.sendRaw(
            served.uri("x"),
            "HELLO?\r\n\u0000\u00ff garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    String notWebSocket =
        RawClient.sendRaw(
            served.uri("x"),
            "GET /ws/x HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(answer).doesNotContain("101");
    assertThat(notWebSocket).doesNotContain("101");
    assertStillServes(served);
    assertThat(served.manager().stats().activeConnections()).isEqualTo(1);
  }

  private static void assertStillServes(Served<String> served) {
    TestClient client = served.connect("good");
    client.send("hello");
    assertThat(client.awaitText(WAIT)).isEqualTo("Echo: hello");
  }
}
