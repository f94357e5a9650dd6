package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.Connection;
import dev.herald.ConnectionManager;
import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Bad input gets a clear error and costs nothing but the offending connection. */
@ParameterizedClass
@EnumSource(Transports.class)
class HostileInputTest {
  @Parameter Transports transport;

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void garbageInsteadOfAHandshakeIsRefusedAndTheServerGoesOn() throws Exception {
    try (TestServer<String> server = echoServer()) {
      String answer =
          RawClient.sendRaw(server.uri("x"), "HELLO?\r\n\u0000\u00ff garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      String notWebSocket =
          RawClient.sendRaw(server.uri("x"), "GET /ws/x HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      assertThat(answer).doesNotContain("101");
      assertThat(notWebSocket).doesNotContain("101");
      assertStillServes(server);
      assertThat(server.manager.stats().activeConnections()).isEqualTo(1);
    }
  }

  @Test
  void invalidUtf8InATextFrameCloses1007AndTheServerGoesOn() throws Exception {
    try (TestServer<String> server = echoServer()) {
      RawClient raw = RawClient.handshake(server.uri("raw"));
      assertThat(raw.response()).startsWith("HTTP/1.1 101");
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == 1);

      sendMaskedText(raw.output(), new byte[] {(byte) 0xC3, (byte) 0x28});

      await().atMost(WAIT).until(() -> server.manager.stats().closes(CloseCause.PROTOCOL_ERROR) == 1);
      assertThat(raw.closedByServer()).isTrue();
      assertStillServes(server);
      raw.close();
    }
  }

  private static void sendMaskedText(OutputStream out, byte[] payload) throws Exception {
    byte[] mask = {1, 2, 3, 4};
    byte[] frame = new byte[2 + 4 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    out.write(frame);
    out.flush();
  }

  private static void assertStillServes(TestServer<String> server) {
    TestClient client = server.connect("good");
    client.send("hello");
    assertThat(client.awaitText(WAIT)).isEqualTo("Echo: hello");
  }

  private TestServer<String> echoServer() {
    AtomicReference<ConnectionManager<String>> manager = new AtomicReference<>();
    TestServer<String> server =
        TestServer.start(
            transport,
            ConnectionManager.builder(String.class)
                .listener(
                    new RecordingListener<String>() {
                      @Override
                      public void onMessage(Connection connection, String message) {
                        manager.get().sendTo(connection.id(), "Echo: " + message);
                      }
                    }));
    manager.set(server.manager);
    return server;
  }
}
