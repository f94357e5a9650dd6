package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.AdmissionPolicy;
import dev.herald.HandshakePolicy;
import dev.herald.RejectReason;
import dev.herald.Stats;
import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An upgrade request is bounded before anything admits it: a request line over the {@link
 * HandshakePolicy} is answered 414, headers over it 431, a request that does not parse 400, an old
 * WebSocket version 426; each is counted, closed, and never upgraded.
 */
interface HandshakeLimitsContract extends TransportFixture {

  @Test
  default void headersOverTheLimitCannotSmuggleAForbiddenOriginPastTheAllowList() throws Exception {
    Served<String> served =
        serve(
            TransportFixture.echo()
                .admission(AdmissionPolicy.defaults().allowedOrigins("https://app.example.com")));
    StringBuilder filler = new StringBuilder();
    for (int i = 0; i < 48; i++) {
      filler.append("X-Filler-").append(i).append(": ").append("f".repeat(190)).append("\r\n");
    }

    RawClient.Answer answer;
    try (RawClient client = RawClient.open(served.base().getPort(), 0)) {
      client.sendUpgrade("/ws/mallory", filler + "Origin: https://evil.example\r\n");
      answer = client.readAnswer();
      assertThat(client.closedByServer()).as("closed after the answer").isTrue();
    }

    assertThat(answer.status()).isEqualTo(431);
    assertThat(answer.head()).doesNotContainIgnoringCase("upgrade: websocket");
    Stats stats = served.manager().stats();
    assertThat(stats.rejections(RejectReason.TOO_LARGE)).isEqualTo(1);
    assertThat(stats.rejections(RejectReason.ORIGIN)).isZero();
    assertThat(stats.activeConnections()).isZero();
    assertThat(served.manager().connectionsOf("mallory")).isEmpty();
  }

  @Test
  default void garbageInsteadOfARequestIsAnswered400AndClosed() throws Exception {
    Served<String> served = serve(TransportFixture.echo());

    try (RawClient client = RawClient.open(served.base().getPort(), 0)) {
      client.write("HELLO?\r\n\u0000 garbage\r\n\r\n");

      assertThat(client.readAnswer().status()).isEqualTo(400);
      assertThat(client.closedByServer()).isTrue();
    }
    assertThat(served.manager().stats().rejections(RejectReason.MALFORMED)).isEqualTo(1);
  }

  @Test
  default void headerLinesWithoutEndAreCutOffWith431WhileOthersKeepEchoing() throws Exception {
    Served<String> served = serve(TransportFixture.echo());
    TestClient bystander = served.connect("bystander");
    long bound = 64L << 20;
    AtomicLong sent = new AtomicLong();

    RawClient.Answer answer;
    try (RawClient attacker = RawClient.open(served.base().getPort(), 0)) {
      attacker.write("GET /ws/attacker HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      CompletableFuture<Void> flood =
          CompletableFuture.runAsync(() -> sendHeaderLines(attacker.output(), sent, bound));
      answer = attacker.readAnswer();
      bystander.send("still here");
      assertThat(bystander.awaitText(WAIT)).isEqualTo("Echo: still here");
      attacker.closedByServer();
      flood.join();
    }

    assertThat(answer.status()).isEqualTo(431);
    assertThat(sent.get()).as("bytes sent before the server closed").isLessThan(bound);
    assertThat(served.manager().stats().rejections(RejectReason.TOO_LARGE)).isEqualTo(1);
    bystander.send("after");
    assertThat(bystander.awaitText(WAIT)).isEqualTo("Echo: after");
  }

  @Test
  default void aHeaderOf64KiBAndTwoThousandHeadersAreRefusedWith431() throws Exception {
    Served<String> served = serve(TransportFixture.echo());
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      many.append("X-").append(i).append(": v\r\n");
    }

    int large = status(served, "X-Large: " + "a".repeat(64 * 1024) + "\r\n");
    int numerous = status(served, many.toString());

    assertThat(large).isEqualTo(431);
    assertThat(numerous).isEqualTo(431);
    assertThat(served.manager().stats().rejections(RejectReason.TOO_LARGE)).isEqualTo(2);
    assertThat(served.manager().stats().activeConnections()).isZero();
  }

  @Test
  default void theLimitsAreThoseOfTheManagersHandshakePolicy() throws Exception {
    Served<String> served =
        serve(
            TransportFixture.echo()
                .handshake(
                    HandshakePolicy.defaults()
                        .maxHeaders(20)
                        .maxRequestLine(256)
                        .maxHeaderBytes(1024)));
    StringBuilder ten = new StringBuilder();
    StringBuilder thirty = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      (i < 10 ? ten : thirty).append("X-").append(i).append(": v\r\n");
    }
    thirty.append(ten);

    int tooMany = status(served, thirty.toString());
    int tooLong = status(served, "/ws/long?pad=" + "p".repeat(300), "");
    int tooLarge = status(served, "X-Large: " + "a".repeat(1100) + "\r\n");
    try (RawClient fits = RawClient.open(served.base().getPort(), 0)) {
      fits.sendUpgrade("/ws/fits?pad=" + "p".repeat(200), ten.toString());
      assertThat(fits.readAnswer().status()).isEqualTo(101);
      fits.sendFrame(1, "hi".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(fits.readFrame().payload(), StandardCharsets.UTF_8))
          .isEqualTo("Echo: hi");
    }

    assertThat(tooMany).isEqualTo(431);
    assertThat(tooLong).isEqualTo(414);
    assertThat(tooLarge).isEqualTo(431);
    assertThat(served.manager().stats().rejections(RejectReason.TOO_LARGE)).isEqualTo(3);
  }

  @Test
  default void theLegacyHixie76HandshakeIsRefusedWith426() throws Exception {
    Served<String> served = serve(TransportFixture.echo());

    RawClient.Answer answer;
    try (RawClient client = RawClient.open(served.base().getPort(), 0)) {
      client.write(
          "GET /ws/old HTTP/1.1\r\n"
              + "Host: 127.0.0.1\r\n"
              + "Connection: Upgrade\r\n"
              + "Upgrade: WebSocket\r\n"
              + "Origin: http://127.0.0.1\r\n"
              + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
              + "Sec-WebSocket-Key2: 12998 5  Y3 1  .P00\r\n"
              + "\r\n"
              + "^n:ds[4U");
      answer = client.readAnswer();
      assertThat(client.closedByServer()).isTrue();
    }

    assertThat(answer.status()).isEqualTo(426);
    assertThat(answer.head()).containsIgnoringCase("Sec-WebSocket-Version: 13");
    assertThat(served.manager().stats().rejections(RejectReason.MALFORMED)).isEqualTo(1);
    await().atMost(WAIT).until(() -> served.manager().stats().activeConnections() == 0);
    assertThat(served.manager().connectionsOf("old")).isEmpty();
  }

  /** Sends an upgrade request for {@code /ws/probe} with {@code headers}; returns the status. */
  private static int status(Served<String> served, String headers) throws IOException {
    return status(served, "/ws/probe", headers);
  }

  private static int status(Served<String> served, String target, String headers)
      throws IOException {
    try (RawClient client = RawClient.open(served.base().getPort(), 0)) {
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                try {
                  client.sendUpgrade(target, headers);
                } catch (IOException closedEarly) {
                  // The server may answer and close before it has read the whole request.
                }
              });
      int status = client.readAnswer().status();
      assertThat(client.closedByServer()).as("closed after the answer").isTrue();
      sending.join();
      return status;
    }
  }

  /** Writes header lines until the server stops taking them, or {@code bound} bytes. */
  private static void sendHeaderLines(OutputStream out, AtomicLong sent, long bound) {
    byte[] line =
        "X-Endless: 0123456789abcdef0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[line.length * 64];
    for (int i = 0; i < 64; i++) {
      System.arraycopy(line, 0, chunk, i * line.length, line.length);
    }
    try {
      while (sent.get() < bound) {
        out.write(chunk);
        sent.addAndGet(chunk.length);
      }
    } catch (IOException closed) {
      // The server closed the connection: what this waits for.
    }
  }
}
