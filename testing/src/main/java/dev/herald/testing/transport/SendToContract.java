package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.Connection;
import dev.herald.DropReason;
import dev.herald.testing.TestClient;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A send reaches one connection, or every connection of one client, and nobody else. */
interface SendToContract extends TransportFixture {

  @Test
  default void sendToClientReachesEveryConnectionOfThatClientAndNoOther() {
    Served<String> served = serve(TransportFixture.clients());
    List<TestClient> alice = Stream.generate(() -> served.connect("alice")).limit(3).toList();
    TestClient bob = served.connect("bob");

    assertThat(served.manager().sendToClient("alice", "for alice")).isEqualTo(3);
    served.manager().sendToClient("bob", "for bob");

    for (TestClient tab : alice) {
      assertThat(tab.awaitText(WAIT)).isEqualTo("for alice");
    }
    assertThat(bob.awaitText(WAIT)).isEqualTo("for bob");
  }

  @Test
  default void sendToReachesExactlyOneConnection() {
    Served<String> served = serve(TransportFixture.clients());
    TestClient first = served.connect("alice");
    TestClient second = served.connect("alice");
    Connection<String> target = served.manager().connectionsOf("alice").iterator().next();

    assertThat(served.manager().sendTo(target.id(), "only you")).isTrue();
    served.manager().sendToClient("alice", "both");

    // Per-sender FIFO: the targeted connection gets its message before the shared one.
    List<String> firstGot = List.of(first.awaitText(WAIT), second.awaitText(WAIT));
    assertThat(firstGot).containsExactlyInAnyOrder("only you", "both");
    TestClient targeted = firstGot.get(0).equals("only you") ? first : second;
    assertThat(targeted.awaitText(WAIT)).isEqualTo("both");
    assertThat(served.manager().stats().messagesOut()).isEqualTo(3);
  }

  @Test
  default void sendToAnUnknownConnectionIsCountedNotThrown() {
    Served<String> served = serve(TransportFixture.clients());
    String unknown = served.manager().nodeId() + ".zzz";

    assertThat(served.manager().sendTo(unknown, "nobody")).isFalse();

    assertThat(served.manager().stats().drops(DropReason.UNKNOWN_CONNECTION)).isEqualTo(1);
  }
}
