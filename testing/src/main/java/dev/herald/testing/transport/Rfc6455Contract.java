package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.InboundPolicy;
import dev.herald.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What RFC 6455 asks of a server that a lenient decoder lets through: unmasked client frames, close
 * frames that break the rules, and frames that declare more than they send.
 */
interface Rfc6455Contract extends TransportFixture {

  @Test
  default void anUnmaskedFrameClosesWith1002AndIsNotEchoed() throws Exception {
    Served<String> served = serve(TransportFixture.echo());
    try (RawClient client = served.connectRaw("unmasked")) {
      // RFC 6455, 5.1: a server must close on a frame that is not masked.
      client.send(RawClient.frame(0x81, "hi".getBytes(StandardCharsets.UTF_8), false));

      RawClient.RawFrame close = client.readFrame();

      assertThat(close.opcode()).isEqualTo(ProtocolContract.CLOSE);
      assertThat(close.closeCode()).isEqualTo(1002);
      assertThat(client.atEnd()).isTrue();
    }
    await()
        .atMost(WAIT)
        .until(() -> served.manager().stats().closes(CloseCause.PROTOCOL_ERROR) == 1);
    assertThat(served.manager().stats().messagesIn()).isZero();
  }

  @Test
  default void aCloseFrameWithAnInvalidUtf8ReasonClosesWith1007() throws Exception {
    Served<String> served = serve(TransportFixture.echo());
    try (RawClient client = served.connectRaw("badreason")) {
      client.sendFrame(ProtocolContract.CLOSE, new byte[] {0x03, (byte) 0xE8, 'o', (byte) 0xC3});

      RawClient.RawFrame close = client.readFrame();

      assertThat(close.opcode()).isEqualTo(ProtocolContract.CLOSE);
      assertThat(close.closeCode()).isEqualTo(1007);
      assertThat(client.atEnd()).isTrue();
    }
    await()
        .atMost(WAIT)
        .until(() -> served.manager().stats().closes(CloseCause.PROTOCOL_ERROR) == 1);
    assertThat(served.manager().stats().closes(CloseCause.PEER)).isZero();
  }

  @Test
  default void aCloseFrameWithAOneBytePayloadOrAReservedCodeClosesWith1002() throws Exception {
    Served<String> served = serve(TransportFixture.echo());
    try (RawClient oneByte = served.connectRaw("onebyte");
        RawClient reserved = served.connectRaw("reserved")) {
      oneByte.sendFrame(ProtocolContract.CLOSE, new byte[] {0x03});
      // 1005 says "no code" locally and must never be sent (RFC 6455, 7.4.1).
      reserved.sendFrame(ProtocolContract.CLOSE, new byte[] {0x03, (byte) 0xED});

      assertThat(oneByte.readClose().closeCode()).isEqualTo(1002);
      assertThat(reserved.readClose().closeCode()).isEqualTo(1002);
    }
    await()
        .atMost(WAIT)
        .until(() -> served.manager().stats().closes(CloseCause.PROTOCOL_ERROR) == 2);
    assertThat(served.manager().stats().closes(CloseCause.PEER)).isZero();
  }

  @Test
  default void aFragmentedMessageWithAPingBetweenAndACharacterSplitAcrossFragmentsArrivesWhole()
      throws Exception {
    Served<String> served = serve(TransportFixture.echo());
    byte[] text = "héllo wörld".getBytes(StandardCharsets.UTF_8);
    // Cut inside the two bytes of 'é' (offsets 1 and 2), which a per-fragment check refuses.
    byte[] first = Arrays.copyOfRange(text, 0, 2);
    byte[] second = Arrays.copyOfRange(text, 2, 7);
    byte[] last = Arrays.copyOfRange(text, 7, text.length);
    try (RawClient client = served.connectRaw("fragments")) {
      ByteArrayOutputStream frames = new ByteArrayOutputStream();
      frames.writeBytes(RawClient.frame(ProtocolContract.TEXT, first, true));
      frames.writeBytes(RawClient.frame(0x80 | ProtocolContract.PING, new byte[] {9}, true));
      frames.writeBytes(RawClient.frame(0x00, second, true));
      frames.writeBytes(RawClient.frame(0x80, last, true));
      byte[] bytes = frames.toByteArray();
      // One byte at a time, so that every frame arrives in pieces.
      for (byte b : bytes) {
        client.send(new byte[] {b});
      }

      RawClient.RawFrame pong = client.readFrame();
      RawClient.RawFrame echo = client.readFrame();

      assertThat(pong.opcode()).isEqualTo(ProtocolContract.PONG);
      assertThat(pong.payload()).containsExactly(9);
      assertThat(echo.opcode()).isEqualTo(ProtocolContract.TEXT);
      assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("Echo: héllo wörld");
    }
  }

  @Test
  default void aFragmentedMessageWhoseCharacterIsBrokenAcrossFragmentsClosesWith1007()
      throws Exception {
    Served<String> served = serve(TransportFixture.echo());
    try (RawClient client = served.connectRaw("broken")) {
      // 0xC3 opens a two-byte character; the next fragment goes on with '(' instead.
      client.send(RawClient.frame(ProtocolContract.TEXT, new byte[] {'o', 'k', (byte) 0xC3}, true));
      client.send(RawClient.frame(0x80, new byte[] {'(', '!'}, true));

      RawClient.RawFrame close = client.readFrame();

      assertThat(close.opcode()).isEqualTo(ProtocolContract.CLOSE);
      assertThat(close.closeCode()).isEqualTo(1007);
    }
    assertThat(served.manager().stats().messagesIn()).isZero();
  }

  @Test
  default void aFragmentedMessageOverTheLimitClosesWith1009() throws Exception {
    Served<String> served =
        serve(TransportFixture.echo().inbound(InboundPolicy.defaults().maxMessageSize(1000)));
    try (RawClient client = served.connectRaw("fragments")) {
      // Each fragment is under the limit; the message is not.
      client.send(RawClient.frame(ProtocolContract.BINARY, new byte[600], true));
      client.send(RawClient.frame(0x80, new byte[600], true));

      assertThat(client.readClose().closeCode()).isEqualTo(1009);
    }
    await().atMost(WAIT).until(() -> served.manager().stats().closes(CloseCause.TOO_LARGE) == 1);
    assertThat(served.manager().stats().messagesIn()).isZero();
  }

  @Test
  default void fiftyFramesDeclaredAtTheLimitHoldOnlyTheBytesThatArrived() throws Exception {
    int limit = 1 << 20;
    int sockets = 50;
    Served<String> served =
        serve(TransportFixture.echo().inbound(InboundPolicy.defaults().maxMessageSize(limit)));
    List<RawClient> clients = new ArrayList<>();
    try {
      // One first, so that what a server allocates once, on its first connection, is in before.
      clients.add(sendPartialFrame(served, "p0", limit));
      long before = heapAfterGc();
      for (int i = 1; i <= sockets; i++) {
        clients.add(sendPartialFrame(served, "p" + i, limit));
      }
      long grown = heapAfterGc() - before;

      System.out.printf(
          "%d frames declared at %d bytes, 1 KiB sent each: heap %+.1f MB%n",
          sockets, limit, grown / 1e6);
      // Preallocated, the frames alone would take 50 MiB.
      assertThat(grown).as("heap grown, in bytes").isLessThan(sockets * (limit / 5L));
    } finally {
      for (RawClient client : clients) {
        client.close();
      }
    }
  }

  /**
   * Sends a ping and, in the same write, the head of a binary frame of {@code length} bytes and its
   * first KiB; returns once the pong is read, when the server has read the frame's first bytes.
   */
  private static RawClient sendPartialFrame(Served<String> served, String clientId, int length)
      throws Exception {
    RawClient client = served.connectRaw(clientId);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(RawClient.frame(0x80 | ProtocolContract.PING, new byte[] {7}, true));
    bytes.writeBytes(RawClient.frameHead(0x80 | ProtocolContract.BINARY, length));
    bytes.writeBytes(new byte[1024]);
    client.send(bytes.toByteArray());
    assertThat(client.readFrame().opcode()).isEqualTo(ProtocolContract.PONG);
    return client;
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
