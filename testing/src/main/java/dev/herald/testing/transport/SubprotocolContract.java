package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.Authenticator;
import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.fixtures.UpperCaseBinaryCodec;
import dev.herald.spi.Codec;
import dev.herald.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One server speaks two wire formats at once, chosen by the subprotocol each client offers: plain
 * text, and here upper-case text in binary frames.
 */
interface SubprotocolContract extends TransportFixture {

  @Test
  default void clientsOfEachSubprotocolTalkThroughOneServer() {
    Served<String> served =
        serve(
            ConnectionManager.builder(Codec.text())
                .authenticator(Authenticator.pathSuffix("/ws/"))
                .protocol("upper", new UpperCaseBinaryCodec())
                .protocol("text", Codec.text())
                .listener(
                    manager ->
                        new ConnectionListener<>() {
                          @Override
                          public void onMessage(Connection<String> connection, String message) {
                            manager.broadcast(connection.clientId() + ": " + message);
                          }
                        }));
    TestClient binary = TestClient.connect(served.uri("bin"), List.of("upper"));
    TestClient text = TestClient.connect(served.uri("txt"), List.of("text"));
    TestClient preferring = TestClient.connect(served.uri("both"), List.of("text", "upper"));
    TestClient plain = TestClient.connect(served.uri("plain"));
    for (String client : List.of("bin", "txt", "both", "plain")) {
      served.awaitOpen(client, 1);
    }

    assertThat(binary.subprotocol()).isEqualTo("upper");
    assertThat(text.subprotocol()).isEqualTo("text");
    assertThat(preferring.subprotocol()).as("the server's preference wins").isEqualTo("upper");
    assertThat(plain.subprotocol()).isEmpty();

    binary.send("from binary".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(binary.awaitBinary(WAIT), StandardCharsets.UTF_8))
        .isEqualTo("BIN: FROM BINARY");
    assertThat(new String(preferring.awaitBinary(WAIT), StandardCharsets.UTF_8))
        .isEqualTo("BIN: FROM BINARY");
    assertThat(text.awaitText(WAIT)).isEqualTo("bin: FROM BINARY");
    assertThat(plain.awaitText(WAIT)).isEqualTo("bin: FROM BINARY");
    assertThat(served.manager().connectionsOf("bin").iterator().next().subprotocol())
        .isEqualTo("upper");
  }
}
