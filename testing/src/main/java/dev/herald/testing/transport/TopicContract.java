package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Connection;
import dev.herald.testing.TestClient;
import org.junit.jupiter.api.Test;

/** A publish reaches the topic's members only; members leave their topics when they close. */
interface TopicContract extends TransportFixture {

  @Test
  default void publishReachesOnlyTheTopicsMembers() {
    Served<String> served = serve(TransportFixture.clients());
    TestClient red1 = served.connect("red1");
    TestClient red2 = served.connect("red2");
    TestClient blue = served.connect("blue");
    join(served, "red1", "red");
    join(served, "red2", "red");
    join(served, "blue", "blue");

    assertThat(served.manager().publish("red", "to red")).isEqualTo(2);
    served.manager().publish("blue", "to blue");

    assertThat(red1.awaitText(WAIT)).isEqualTo("to red");
    assertThat(red2.awaitText(WAIT)).isEqualTo("to red");
    assertThat(blue.awaitText(WAIT)).isEqualTo("to blue");
    assertThat(served.manager().stats().topics()).containsEntry("red", 2).containsEntry("blue", 1);
  }

  @Test
  default void publishWithExceptSkipsTheSender() {
    Served<String> served = serve(TransportFixture.clients());
    TestClient sender = served.connect("sender");
    TestClient other = served.connect("other");
    Connection<String> senderConnection = join(served, "sender", "room");
    join(served, "other", "room");

    served.manager().publish("room", "from sender", senderConnection.id());
    served.manager().publish("room", "to everyone");

    assertThat(other.awaitTexts(2, WAIT)).containsExactly("from sender", "to everyone");
    assertThat(sender.awaitText(WAIT)).isEqualTo("to everyone");
  }

  @Test
  default void joinAndLeaveAreIdempotentAndClosingLeavesEveryTopic() {
    Served<String> served = serve(TransportFixture.clients());
    TestClient client = served.connect("c");
    Connection<String> connection = join(served, "c", "a");
    String id = connection.id();
    assertThat(served.manager().join(id, "a")).isTrue();
    assertThat(connection.join("b")).isTrue();
    assertThat(served.manager().stats().topics()).containsEntry("a", 1).containsEntry("b", 1);
    assertThat(served.manager().leave(id, "b")).isTrue();
    assertThat(connection.leave("b")).isFalse();
    assertThat(connection.topics()).containsExactly("a");

    client.close();

    await().atMost(WAIT).until(() -> served.manager().stats().topics().isEmpty());
    assertThat(served.manager().join(id, "a")).isFalse();
    assertThat(connection.join("a")).isFalse();
    assertThat(served.manager().publish("a", "nobody")).isZero();
  }

  private static Connection<String> join(Served<String> served, String clientId, String topic) {
    Connection<String> connection = served.manager().connectionsOf(clientId).iterator().next();
    assertThat(connection.join(topic)).isTrue();
    return connection;
  }
}
