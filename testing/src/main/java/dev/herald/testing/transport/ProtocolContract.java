package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.InboundPolicy;
import dev.herald.testing.RawClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 as a raw peer sees it: violations close with their code, pings and closes are answered.
 */
interface ProtocolContract extends TransportFixture {
  int TEXT = 0x1;
  int BINARY = 0x2;
  int CLOSE = 0x8;
  int PING = 0x9;
  int PONG = 0xA;

  @Test
  default void invalidUtf8ClosesWith1007AndTheServerGoesOn() throws Exception {
    Served<String> served =
        serve(TransportFixture.echo().inbound(InboundPolicy.defaults().maxMessageSize(1000)));
    try (RawClient client = served.connectRaw("utf8")) {
      client.sendFrame(TEXT, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});

      RawClient.RawFrame close = client.readFrame();

      assertThat(close.opcode()).isEqualTo(CLOSE);
      assertThat(close.closeCode()).isEqualTo(1007);
      assertThat(client.atEnd()).isTrue();
    }
    await()
        .atMost(WAIT)
        .until(() -> served.manager().stats().closes(CloseCause.PROTOCOL_ERROR) == 1);
    assertThat(served.manager().stats().messagesIn()).isZero();
    try (RawClient good = served.connectRaw("good")) {
      good.sendFrame(TEXT, "fine".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(good.readFrame().payload(), StandardCharsets.UTF_8))
          .isEqualTo("Echo: fine");
    }
  }

  @Test
  default void aFrameLargerThanTheLimitClosesWith1009() throws Exception {
    Served<String> served =
        serve(TransportFixture.echo().inbound(InboundPolicy.defaults().maxMessageSize(1000)));
    try (RawClient client = served.connectRaw("big")) {
      client.sendFrame(BINARY, new byte[1001]);

      RawClient.RawFrame close = client.readFrame();

      assertThat(close.opcode()).isEqualTo(CLOSE);
      assertThat(close.closeCode()).isEqualTo(1009);
    }
    await().atMost(WAIT).until(() -> served.manager().stats().closes(CloseCause.TOO_LARGE) == 1);
  }

  @Test
  default void aPingIsAnsweredWithItsPayloadAndTextStillFlows() throws Exception {
    Served<String> served = serve(TransportFixture.echo());
    try (RawClient client = served.connectRaw("pinger")) {
      client.sendFrame(PING, new byte[] {4, 2});
      client.sendFrame(TEXT, "héllo".getBytes(StandardCharsets.UTF_8));

      RawClient.RawFrame pong = client.readFrame();
      RawClient.RawFrame echo = client.readFrame();

      assertThat(pong.opcode()).isEqualTo(PONG);
      assertThat(pong.payload()).containsExactly(4, 2);
      assertThat(echo.opcode()).isEqualTo(TEXT);
      assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("Echo: héllo");
    }
  }

  @Test
  default void thePeersCloseIsAnsweredAndTheSocketClosed() throws Exception {
    Served<String> served = serve(TransportFixture.echo());
    try (RawClient client = served.connectRaw("leaver")) {
      client.sendFrame(CLOSE, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'});

      RawClient.RawFrame close = client.readFrame();

      assertThat(close.opcode()).isEqualTo(CLOSE);
      assertThat(close.closeCode()).isEqualTo(1000);
      assertThat(client.atEnd()).isTrue();
    }
    await().atMost(WAIT).until(() -> served.manager().stats().closes(CloseCause.PEER) == 1);
  }
}
