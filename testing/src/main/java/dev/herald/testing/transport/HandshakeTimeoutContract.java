package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.HandshakePolicy;
import dev.herald.RejectReason;
import dev.herald.testing.RawClient;
import dev.herald.testing.SelfSignedTls;
import dev.herald.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A socket has the {@link HandshakePolicy}'s timeout, from the moment it is accepted, to complete
 * its upgrade; one that does not is closed and counted, and every refused handshake is closed by
 * the server.
 */
interface HandshakeTimeoutContract extends TransportFixture {
  /** The timeout of these tests: short, so that they wait little for it. */
  Duration TIMEOUT = Duration.ofMillis(300);

  @Test
  default void aHalfSentRequestIsClosedOnceTheTimeoutHasPassed() throws Exception {
    Served<String> served =
        serve(TransportFixture.echo().handshake(HandshakePolicy.defaults().timeout(TIMEOUT)));

    long start = System.nanoTime();
    try (RawClient slow = RawClient.open(served.base().getPort(), 0);
        RawClient silent = RawClient.open(served.base().getPort(), 0)) {
      slow.write("GET /ws/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");

      assertThat(slow.closedByServer()).isTrue();
      Duration slowClosed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(silent.closedByServer()).isTrue();

      assertThat(slowClosed).isBetween(TIMEOUT, TIMEOUT.plus(WAIT.dividedBy(2)));
    }
    assertThat(served.manager().stats().rejections(RejectReason.TIMEOUT)).isEqualTo(2);
    assertThat(served.manager().stats().activeConnections()).isZero();
  }

  @Test
  default void aTlsSocketThatNeverCompletesItsTlsHandshakeIsClosedToo() throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate();
    Served<String> served =
        serve(
            TransportFixture.echo().handshake(HandshakePolicy.defaults().timeout(TIMEOUT)),
            ServerOptions.plain().tls(tls.serverContext()));

    long start = System.nanoTime();
    try (RawClient silent = RawClient.open(served.base().getPort(), 0)) {
      assertThat(silent.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(TIMEOUT, TIMEOUT.plus(WAIT.dividedBy(2)));
    }
    assertThat(served.manager().stats().rejections(RejectReason.TIMEOUT)).isEqualTo(1);
  }

  @Test
  default void aConnectionThatUpgradedInTimeOutlivesTheTimeout() {
    Served<String> served =
        serve(TransportFixture.echo().handshake(HandshakePolicy.defaults().timeout(TIMEOUT)));

    TestClient client = served.connect("prompt");

    await()
        .during(TIMEOUT.multipliedBy(3))
        .atMost(WAIT)
        .until(() -> !client.isClosed() && served.manager().stats().activeConnections() == 1);
    client.send("hello");
    assertThat(client.awaitText(WAIT)).isEqualTo("Echo: hello");
    assertThat(served.manager().stats().rejections(RejectReason.TIMEOUT)).isZero();
  }

  @Test
  default void theServerClosesTheSocketAfterEveryRefusedHandshake() throws Exception {
    // Far longer than the socket's read timeout: a close seen here follows the refusal.
    Served<String> served =
        serve(
            TransportFixture.echo()
                .handshake(HandshakePolicy.defaults().timeout(Duration.ofMinutes(1))));
    String[] refused = {
      "GET /ws/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
      "GET /ws/x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n",
      "GET /ws/x HTTP/1.1\r\nNo header name\r\n\r\n",
    };

    for (String request : refused) {
      try (RawClient client = RawClient.open(served.base().getPort(), 0)) {
        client.write(request);

        assertThat(client.readAnswer().status()).as(request).isBetween(400, 499);
        assertThat(client.atEnd()).as(request).isTrue();
      }
    }
    assertThat(served.manager().stats().activeConnections()).isZero();
  }
}
