package dev.herald.transport.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.HandshakePolicy;
import dev.herald.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The guard's limits to the byte, whatever pieces the request arrives in. */
class HandshakeGuardTest {
  private static final HandshakePolicy POLICY =
      HandshakePolicy.defaults().maxRequestLine(64).maxHeaderBytes(256).maxHeaders(8);

  @Test
  void aRequestLineOfExactlyTheLimitPassesAndOneByteMoreIs414() {
    String fits = "GET /" + "a".repeat(64 - 14) + " HTTP/1.1";
    assertThat(fits).hasSize(64);

    assertThat(feed(fits + "\r\nHost: h\r\n\r\n", 1)).isNull();
    HandshakeGuard.Refusal over = feed("GET /a" + fits.substring(5) + "\r\n", 7);
    assertThat(over).isNotNull();
    assertThat(over.status()).isEqualTo(414);
    assertThat(over.reason()).isEqualTo(RejectReason.TOO_LARGE);
  }

  @Test
  void headerLinesOfExactlyTheLimitLineEndsIncludedPassAndOneByteMoreIs431() {
    // 256 bytes: "X: " + 251 + CRLF.
    String fits = "X: " + "v".repeat(251) + "\r\n";
    assertThat(fits).hasSize(256);

    assertThat(feed("GET / HTTP/1.1\r\n" + fits + "\r\n", 3)).isNull();
    HandshakeGuard.Refusal over = feed("GET / HTTP/1.1\r\nX: v" + fits.substring(3), 5);
    assertThat(over).isNotNull();
    assertThat(over.status()).isEqualTo(431);
  }

  @Test
  void aHeaderLineThatNeverEndsIsRefusedOnceItPassesTheLimit() {
    HandshakeGuard guard = new HandshakeGuard(POLICY);
    assertThat(guard.take(ascii("GET / HTTP/1.1\r\nX: "))).isNull();
    HandshakeGuard.Refusal refusal = null;
    int fed = 0;
    while (refusal == null && fed < 10_000) {
      refusal = guard.take(ascii("v"));
      fed++;
    }
    assertThat(refusal).isNotNull();
    assertThat(fed).isLessThanOrEqualTo(256);
    assertThat(guard.take(ascii("more"))).as("nothing is taken after a refusal").isNull();
    assertThat(guard.whole()).isFalse();
  }

  @Test
  void oneHeaderMoreThanTheCountIs431() {
    StringBuilder eight = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      eight.append("H").append(i).append(": v\r\n");
    }
    assertThat(feed("GET / HTTP/1.1\r\n" + eight + "\r\n", 4)).isNull();
    HandshakeGuard.Refusal nine = feed("GET / HTTP/1.1\r\n" + eight + "H8: v\r\n\r\n", 4);
    assertThat(nine).isNotNull();
    assertThat(nine.status()).isEqualTo(431);
  }

  @Test
  void theWholeRequestAndWhatFollowsItAreHandedOnInOnePiece() {
    HandshakeGuard guard = new HandshakeGuard(POLICY);
    String request =
        "GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n";
    byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < bytes.length - 1; i++) {
      assertThat(guard.take(ByteBuffer.wrap(bytes, i, 1))).isNull();
      assertThat(guard.whole()).isFalse();
    }
    // The read that ends the request brings a frame the client sent right after it.
    assertThat(guard.take(ascii("\nFRAME"))).isNull();

    assertThat(guard.whole()).isTrue();
    ByteBuffer into = ByteBuffer.allocate(20);
    StringBuilder handed = new StringBuilder();
    while (guard.handingOver()) {
      into.clear();
      guard.handOver(into);
      handed.append(new String(into.array(), 0, into.position(), StandardCharsets.US_ASCII));
    }
    assertThat(handed.toString()).isEqualTo(request + "FRAME");
  }

  @Test
  void malformedLinesAre400AndOtherWebSocketVersions426() {
    assertThat(status("HELLO?\r\n")).isEqualTo(400);
    assertThat(status("GET /\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\nNo colon\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\nA: b\r\n folded\r\n")).isEqualTo(400);
    assertThat(status("GET / HTTP/1.1\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 8\r\n\r\n"))
        .isEqualTo(426);
    assertThat(feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n", 2)).as("no upgrade asked").isNull();
  }

  private static int status(String request) {
    HandshakeGuard.Refusal refusal = feed(request, 3);
    assertThat(refusal).as(request).isNotNull();
    return refusal.status();
  }

  /** Feeds {@code request} in pieces of {@code size} bytes; returns the refusal, if any. */
  private static HandshakeGuard.@Nullable Refusal feed(String request, int size) {
    HandshakeGuard guard = new HandshakeGuard(POLICY);
    byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < bytes.length; i += size) {
      HandshakeGuard.Refusal refusal =
          guard.take(ByteBuffer.wrap(bytes, i, Math.min(size, bytes.length - i)));
      if (refusal != null) {
        return refusal;
      }
    }
    return null;
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }
}
