package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.Admission;
import dev.herald.Authenticator;
import dev.herald.Connection;
import dev.herald.ConnectionManager;
import dev.herald.Handshake;
import dev.herald.fixtures.RecordingListener;
import dev.herald.testing.TestClient;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Text and binary messages both ways, and what the handshake tells the application. */
interface MessagesContract extends TransportFixture {

  @Test
  default void textMessagesReachTheListenerAndComeBack() {
    Echo echo = new Echo();
    Served<String> served = serve(TransportFixture.clients().listener(echo));

    TestClient client = served.connect("c");
    client.send("hello");
    client.send("héllo wörld ✓");

    assertThat(client.awaitText(WAIT)).isEqualTo("Echo: hello");
    assertThat(client.awaitText(WAIT)).isEqualTo("Echo: héllo wörld ✓");
    assertThat(echo.messages()).containsExactly("hello", "héllo wörld ✓");
  }

  @Test
  default void binaryMessagesReachTheListenerAndComeBack() {
    RecordingListener<byte[]> listener =
        new RecordingListener<>() {
          @Override
          public void onMessage(Connection<byte[]> connection, byte[] message) {
            super.onMessage(connection, message);
            connection.send(reversed(message));
          }
        };
    Served<byte[]> served =
        serve(
            ConnectionManager.builder(byte[].class)
                .authenticator(Authenticator.pathSuffix("/ws/"))
                .listener(listener));
    byte[] small = {1, 2, 3, (byte) 0xFF, 0};
    byte[] large = new byte[70_000];
    Arrays.fill(large, (byte) 7);
    large[0] = 1;

    TestClient client = served.connect("c");
    client.send(small);
    client.send(large);

    assertThat(client.awaitBinary(WAIT)).isEqualTo(reversed(small));
    assertThat(client.awaitBinary(WAIT)).isEqualTo(reversed(large));
    assertThat(listener.messages()).containsExactly(small, large);
  }

  @Test
  default void handshakePathQueryAndHeadersReachTheAuthenticatorAndTheConnection() {
    AtomicReference<@Nullable Handshake> seen = new AtomicReference<>();
    RecordingListener<String> listener = new RecordingListener<>();
    Served<String> served =
        serve(
            ConnectionManager.builder(String.class)
                .listener(listener)
                .authenticator(
                    handshake -> {
                      seen.set(handshake);
                      return Admission.accept(
                          handshake.path().substring("/ws/".length()), Map.of("role", "tester"));
                    }));

    TestClient client =
        TestClient.connect(
            served.base().resolve("/ws/alice?token=abc%20def&tag=1&tag=2"),
            Map.of("X-Herald-Test", "yes"));
    served.awaitOpen("alice", 1);

    Handshake handshake = Objects.requireNonNull(seen.get());
    assertThat(handshake.path()).isEqualTo("/ws/alice");
    assertThat(handshake.queryParameter("token")).isEqualTo("abc def");
    assertThat(handshake.query().get("tag")).containsExactly("1", "2");
    assertThat(handshake.header("x-herald-test")).isEqualTo("yes");
    assertThat(handshake.remoteAddress()).isNotNull();
    Connection<String> connection = listener.opened().values().iterator().next();
    assertThat(connection.clientId()).isEqualTo("alice");
    assertThat(connection.attributes()).containsEntry("role", "tester");
    assertThat(connection.handshake().path()).isEqualTo("/ws/alice");
    assertThat(client.isClosed()).isFalse();
  }

  private static byte[] reversed(byte[] bytes) {
    byte[] result = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      result[i] = bytes[bytes.length - 1 - i];
    }
    return result;
  }
}
