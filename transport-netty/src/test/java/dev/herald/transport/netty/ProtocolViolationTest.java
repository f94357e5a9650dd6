package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.InboundPolicy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProtocolViolationTest {
  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;
  private static final int CLOSE = 0x8;
  private static final int PING = 0x9;
  private static final int PONG = 0xA;

  private final ConnectionManager<String> manager =
      ConnectionManager.builder(String.class)
          .inbound(InboundPolicy.defaults().maxMessageSize(1000))
          .listener(
              new ConnectionListener<>() {
                @Override
                public void onMessage(Connection connection, String message) {
                  manager().sendTo(connection.id(), "echo: " + message);
                }
              })
          .build();
  private final HeraldNettyServer server =
      HeraldNettyServer.builder(manager)
          .address(new InetSocketAddress("127.0.0.1", 0))
          .build()
          .start();
  private final int port = server.awaitStart(Duration.ofSeconds(5));

  private ConnectionManager<String> manager() {
    return manager;
  }

  @AfterEach
  void stop() {
    server.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void invalidUtf8ClosesWith1007() throws Exception {
    try (RawClient client = upgraded()) {
      client.sendFrame(TEXT, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});

      RawClient.RawFrame close = client.readFrame();

      assertThat(close.opcode()).isEqualTo(CLOSE);
      assertThat(close.closeCode()).isEqualTo(1007);
      assertThat(client.atEnd()).isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> manager.stats().closes(CloseCause.PROTOCOL_ERROR) == 1);
    assertThat(manager.stats().messagesIn()).isZero();
  }

  @Test
  void frameLargerThanTheLimitClosesWith1009BeforeItIsRead() throws Exception {
    try (RawClient client = upgraded()) {
      client.sendFrame(BINARY, new byte[1001]);

      RawClient.RawFrame close = client.readFrame();

      assertThat(close.closeCode()).isEqualTo(1009);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> manager.stats().closes(CloseCause.TOO_LARGE) == 1);
  }

  @Test
  void pingIsAnsweredWithPongAndValidTextStillWorks() throws Exception {
    try (RawClient client = upgraded()) {
      client.sendFrame(PING, new byte[] {4, 2});
      client.sendFrame(TEXT, "héllo".getBytes(StandardCharsets.UTF_8));

      RawClient.RawFrame pong = client.readFrame();
      RawClient.RawFrame echo = client.readFrame();

      assertThat(pong.opcode()).isEqualTo(PONG);
      assertThat(pong.payload()).containsExactly(4, 2);
      assertThat(echo.opcode()).isEqualTo(TEXT);
      assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("echo: héllo");
    }
  }

  @Test
  void peerCloseIsEchoedAndTheSocketClosed() throws Exception {
    try (RawClient client = upgraded()) {
      client.sendFrame(CLOSE, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'});

      RawClient.RawFrame close = client.readFrame();

      assertThat(close.opcode()).isEqualTo(CLOSE);
      assertThat(close.closeCode()).isEqualTo(1000);
      assertThat(client.atEnd()).isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> manager.stats().closes(CloseCause.PEER) == 1);
  }

  private RawClient upgraded() throws Exception {
    RawClient client = RawClient.open(port, 0);
    client.sendUpgrade("/ws", "");
    assertThat(client.readAnswer().status()).isEqualTo(101);
    await().atMost(Duration.ofSeconds(10)).until(() -> manager.stats().activeConnections() == 1);
    return client;
  }
}
