package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.CloseStatus;
import dev.herald.DropReason;
import dev.herald.InboundPolicy;
import dev.herald.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A peer that sends too much, too fast or what cannot be decoded costs only itself. */
interface InboundLimitsContract extends TransportFixture {

  @Test
  default void aMessageOverTheLimitGets1009AndOthersAreUnaffected() {
    Served<String> served =
        serve(TransportFixture.echo().inbound(InboundPolicy.defaults().maxMessageSize(1024)));
    TestClient big = served.connect("big");
    TestClient other = served.connect("other");

    big.send("x".repeat(2048));

    assertThat(big.awaitClose(WAIT).code()).isEqualTo(1009);
    await().atMost(WAIT).until(() -> served.manager().stats().closes(CloseCause.TOO_LARGE) == 1);
    other.send("still served " + "y".repeat(1000));
    assertThat(other.awaitText(WAIT)).isEqualTo("Echo: still served " + "y".repeat(1000));
  }

  /**
   * Each peer is still sending when the server finds its message too large: the server reads on,
   * and drops, until the peer has its close frame. A socket closed at once would reset the peer's
   * connection, which then reports 1006 instead of the 1009 it was sent.
   */
  @Test
  default void twoMebibyteMessagesGet1009UnderTheDefaultLimit() {
    int peers = 8;
    Served<String> served = serve(TransportFixture.echo());
    List<TestClient> big = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      big.add(served.connect("big" + i));
    }

    String message = "x".repeat(2 << 20);
    big.forEach(client -> client.send(message));

    for (TestClient client : big) {
      assertThat(client.awaitClose(WAIT).code()).isEqualTo(1009);
    }
    await()
        .atMost(WAIT)
        .until(() -> served.manager().stats().closes(CloseCause.TOO_LARGE) == peers);
  }

  @Test
  default void tenThousandTinyMessagesHitTheRateLimit() {
    Echo echo = new Echo();
    Served<String> served =
        serve(
            TransportFixture.clients()
                .listener(echo)
                .inbound(InboundPolicy.defaults().rate(100, 200)));
    TestClient flooder = served.connect("flooder");
    TestClient other = served.connect("other");

    for (int i = 0; i < 10_000; i++) {
      flooder.send("m");
    }

    assertThat(flooder.awaitClose(WAIT).code()).isEqualTo(1008);
    await().atMost(WAIT).until(() -> echo.closed().size() == 1);
    assertThat(echo.closed().values().iterator().next())
        .isEqualTo(
            new CloseStatus(1008, "rate limit: over 100 messages/s", CloseCause.RATE_LIMITED));
    assertThat(served.manager().stats().closes(CloseCause.RATE_LIMITED)).isEqualTo(1);
    assertThat(served.manager().stats().drops(DropReason.RATE_LIMITED)).isPositive();
    other.send("fine");
    assertThat(other.awaitText(WAIT)).isEqualTo("Echo: fine");
  }

  @Test
  default void nothingAFlooderSendsAfterItsCloseIsDecidedReachesOthers() {
    int burst = 20;
    Served<String> served =
        serve(TransportFixture.broadcast().inbound(InboundPolicy.defaults().rate(10, burst)));
    TestClient watcher = served.connect("watcher");
    TestClient flooder = served.connect("flooder");

    for (int i = 0; i < 1_000; i++) {
      flooder.send("flood " + i);
    }
    await().atMost(WAIT).until(() -> served.manager().stats().closes(CloseCause.RATE_LIMITED) == 1);
    // Broadcast after everything the flooder got broadcast: its arrival says the rest is in.
    watcher.send("end");

    List<String> seen = new ArrayList<>();
    for (String message = watcher.awaitText(WAIT);
        !message.equals("end");
        message = watcher.awaitText(WAIT)) {
      seen.add(message);
    }
    // The burst, and what the rate refilled while it was read; nothing once the close was decided.
    assertThat(seen).hasSizeBetween(burst, burst + 10);
    assertThat(seen.get(0)).isEqualTo("flood 0");
  }

  @Test
  default void overTheRateWithDropKeepsTheConnectionAndDropsTheExcess() {
    Served<String> served =
        serve(
            TransportFixture.echo()
                .inbound(
                    InboundPolicy.defaults().rate(10, 50).onOverRate(InboundPolicy.Action.DROP)));
    TestClient flooder = served.connect("flooder");

    for (int i = 0; i < 1_000; i++) {
      flooder.send("m");
    }
    flooder.flush();

    await().atMost(WAIT).until(() -> served.manager().stats().messagesIn() == 1_000);
    long dropped = served.manager().stats().drops(DropReason.RATE_LIMITED);
    assertThat(dropped).as("the burst of 50 gets through").isBetween(1L, 950L);
    assertThat(flooder.isClosed()).isFalse();
    assertThat(flooder.awaitTexts((int) (1_000 - dropped), WAIT)).allMatch("Echo: m"::equals);
  }

  @Test
  default void anUndecodableMessageGetsTheErrorReplyAndTheConnectionStaysOpen() {
    Served<String> served =
        serve(TransportFixture.echo().decodeErrorReply(error -> "error: not a text message"));
    TestClient client = served.connect("c");

    client.send(new byte[] {1, 2, 3});
    client.send("after");

    assertThat(client.awaitText(WAIT)).isEqualTo("error: not a text message");
    assertThat(client.awaitText(WAIT)).isEqualTo("Echo: after");
    assertThat(served.manager().stats().drops(DropReason.UNDECODABLE)).isEqualTo(1);
  }

  @Test
  default void anUndecodableMessageClosesWith1003AndAGenericReasonWhenThePolicySaysSo() {
    Served<String> served =
        serve(
            TransportFixture.echo()
                .inbound(InboundPolicy.defaults().onUndecodable(InboundPolicy.Action.CLOSE)));
    TestClient client = served.connect("c");

    client.send(new byte[] {1, 2, 3});

    TestClient.Closure closure = client.awaitClose(WAIT);
    assertThat(closure.code()).isEqualTo(1003);
    // What the codec said stays on the server: it may name the application's classes.
    assertThat(closure.reason()).isEqualTo("undecodable message");
    await().atMost(WAIT).until(() -> served.manager().stats().closes(CloseCause.UNDECODABLE) == 1);
  }
}
