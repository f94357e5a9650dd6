package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Connection;
import dev.herald.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class TopicTest {
  @Parameter Transports transport;

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void publishReachesOnlyTheTopicsMembers() {
    try (TestServer<String> server = TestServer.start(transport)) {
      TestClient red1 = server.connect("red1");
      TestClient red2 = server.connect("red2");
      TestClient blue = server.connect("blue");
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == 3);
      join(server, "red1", "red");
      join(server, "red2", "red");
      join(server, "blue", "blue");

      assertThat(server.manager.publish("red", "to red")).isEqualTo(2);
      server.manager.publish("blue", "to blue");

      assertThat(red1.awaitText(WAIT)).isEqualTo("to red");
      assertThat(red2.awaitText(WAIT)).isEqualTo("to red");
      assertThat(blue.awaitText(WAIT)).isEqualTo("to blue");
      assertThat(server.manager.stats().topics()).containsEntry("red", 2).containsEntry("blue", 1);
    }
  }

  @Test
  void publishWithExceptSkipsTheSender() {
    try (TestServer<String> server = TestServer.start(transport)) {
      TestClient sender = server.connect("sender");
      TestClient other = server.connect("other");
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == 2);
      String senderId = join(server, "sender", "room");
      join(server, "other", "room");

      server.manager.publish("room", "from sender", senderId);
      server.manager.publish("room", "to everyone");

      assertThat(other.awaitTexts(2, WAIT)).containsExactly("from sender", "to everyone");
      assertThat(sender.awaitText(WAIT)).isEqualTo("to everyone");
    }
  }

  @Test
  void joinAndLeaveAreIdempotentAndClosingLeavesEveryTopic() {
    try (TestServer<String> server = TestServer.start(transport)) {
      TestClient client = server.connect("c");
      await().atMost(WAIT).until(() -> server.manager.stats().activeConnections() == 1);
      String id = join(server, "c", "a");
      assertThat(server.manager.join(id, "a")).isTrue();
      assertThat(server.manager.join(id, "b")).isTrue();
      assertThat(server.manager.stats().topics()).containsEntry("a", 1).containsEntry("b", 1);
      assertThat(server.manager.leave(id, "b")).isTrue();
      assertThat(server.manager.leave(id, "b")).isFalse();
      Connection connection = server.manager.connection(id).orElseThrow();
      assertThat(connection.topics()).containsExactly("a");

      client.close();

      await().atMost(WAIT).until(() -> server.manager.stats().topics().isEmpty());
      assertThat(server.manager.join(id, "a")).isFalse();
      assertThat(server.manager.publish("a", "nobody")).isZero();
    }
  }

  private static String join(TestServer<String> server, String clientId, String topic) {
    String id = server.manager.connectionsOf(clientId).iterator().next().id();
    assertThat(server.manager.join(id, topic)).isTrue();
    return id;
  }
}
