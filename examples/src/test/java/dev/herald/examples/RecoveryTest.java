package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.HistoryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recovery over real sockets on one node: a client that resumes from its last position gets what it
 * missed, then the live stream; one whose position the history no longer covers is told so.
 */
class RecoveryTest {
  private final HeraldNode node =
      new HeraldNode(
          builder ->
              builder.history(
                  HistoryPolicy.of("room:small", 10, Duration.ofMinutes(1))
                      .keep("room:*", 1000, Duration.ofMinutes(1))));

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void theConnectReplyComesFirstAndNamesTheConnection() {
    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      JsonNode connected = client.connected();

      assertThat(connected.path("type").asText()).isEqualTo("connected");
      assertThat(connected.path("client").asText()).isEqualTo("alice");
      assertThat(connected.path("connection").asText()).startsWith(node.manager.nodeId() + ".");
      assertThat(connected.path("ping").asLong()).isEqualTo(25_000);
    }
  }

  @Test
  void aSubscriptionGetsThePositionThenEachPublicationWithTheNextOffset() {
    node.manager.publish("room:lobby", text("before"));
    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      JsonNode subscribed = client.subscribe(1, "room:lobby");
      assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
      assertThat(subscribed.path("id").asLong()).isEqualTo(1);
      assertThat(subscribed.path("offset").asLong()).isEqualTo(1);
      assertThat(subscribed.has("recovered")).isFalse();

      node.manager.publish("room:lobby", text("after"));

      JsonNode publication = client.next();
      assertThat(publication.path("type").asText()).isEqualTo("publication");
      assertThat(publication.path("topic").asText()).isEqualTo("room:lobby");
      assertThat(publication.path("epoch").asText()).isEqualTo(subscribed.path("epoch").asText());
      assertThat(publication.path("offset").asLong()).isEqualTo(2);
      assertThat(publication.path("data").path("text").asText()).isEqualTo("after");
    }
  }

  @Test
  void aClientThatMissedPublicationsGetsExactlyThoseThenTheLiveOnes() {
    String epoch;
    long last;
    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      JsonNode subscribed = client.subscribe(1, "room:lobby");
      node.manager.publish("room:lobby", text("seen"));
      JsonNode seen = client.next();
      epoch = seen.path("epoch").asText();
      last = seen.path("offset").asLong();
      assertThat(epoch).isEqualTo(subscribed.path("epoch").asText());
    }
    for (int i = 0; i < 25; i++) {
      node.manager.publish("room:lobby", text("missed " + i));
    }

    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      client.subscribe(7, "room:lobby", epoch, last);
      JsonNode subscribed = client.next();
      assertThat(subscribed.path("recovered").asBoolean()).isTrue();
      assertThat(subscribed.path("offset").asLong()).isEqualTo(last);
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        JsonNode publication = client.next();
        assertThat(publication.path("offset").asLong()).isEqualTo(last + 1 + i);
        texts.add(publication.path("data").path("text").asText());
      }
      assertThat(texts).first().isEqualTo("missed 0");
      assertThat(texts).last().isEqualTo("missed 24");

      node.manager.publish("room:lobby", text("live"));
      JsonNode live = client.next();
      assertThat(live.path("offset").asLong()).isEqualTo(last + 26);
      assertThat(live.path("data").path("text").asText()).isEqualTo("live");
    }
    assertThat(node.manager.stats().recoveries()).isEqualTo(1);
    assertThat(node.manager.stats().replayed()).isEqualTo(25);
  }

  @Test
  void aPositionTheHistoryNoLongerCoversIsNotRecoveredAndGetsTheLatest() {
    String epoch;
    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      epoch = client.subscribe(1, "room:small").path("epoch").asText();
    }
    for (int i = 0; i < 20; i++) {
      node.manager.publish("room:small", text("missed " + i));
    }

    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      client.subscribe(2, "room:small", epoch, 0);
      JsonNode subscribed = client.next();

      assertThat(subscribed.path("recovered").asBoolean(true)).isFalse();
      assertThat(subscribed.path("offset").asLong()).isEqualTo(20);
      node.manager.publish("room:small", text("live"));
      assertThat(client.next().path("offset").asLong()).isEqualTo(21);
    }
    assertThat(node.manager.stats().recoveryMisses()).isEqualTo(1);
  }

  @Test
  void aPositionOfAnotherEpochIsNotRecovered() {
    node.manager.publish("room:lobby", text("one"));
    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      client.subscribe(1, "room:lobby", "otherepoch", 1);
      JsonNode subscribed = client.next();

      assertThat(subscribed.path("recovered").asBoolean(true)).isFalse();
      assertThat(subscribed.path("epoch").asText()).isNotEqualTo("otherepoch");
      assertThat(subscribed.path("offset").asLong()).isEqualTo(1);
    }
  }

  @Test
  void topicsWithoutHistoryCarryNoPositions() {
    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      JsonNode subscribed = client.subscribe(1, "news");
      assertThat(subscribed.has("epoch")).isFalse();
      assertThat(subscribed.has("offset")).isFalse();

      node.manager.publish("news", text("hello"));

      JsonNode publication = client.next();
      assertThat(publication.path("type").asText()).isEqualTo("publication");
      assertThat(publication.has("offset")).isFalse();
      assertThat(publication.path("data").path("text").asText()).isEqualTo("hello");
    }
  }

  @Test
  void messagesOutsideTopicsTravelInMessageFramesBothWays() {
    HeraldNode echo =
        new HeraldNode(
            builder ->
                builder.listener(
                    new dev.herald.ConnectionListener<>() {
                      @Override
                      public void onMessage(
                          dev.herald.Connection<JsonNode> connection, JsonNode message) {
                        connection.send(message);
                      }
                    }));
    try (echo;
        HeraldClient client = HeraldClient.connect(echo.port(), "alice")) {
      client.send("{\"type\":\"message\",\"data\":{\"text\":\"hi\"}}");

      JsonNode reply = client.next();

      assertThat(reply.path("type").asText()).isEqualTo("message");
      assertThat(reply.path("data").path("text").asText()).isEqualTo("hi");
    }
  }

  @Test
  void theApplicationJoiningAndRemovingAConnectionIsToldToTheClient() {
    try (HeraldClient client = HeraldClient.connect(node.port(), "alice")) {
      String id = client.connected().path("connection").asText();

      assertThat(node.manager.join(id, "room:lobby")).isTrue();
      JsonNode subscribed = client.next();
      assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
      assertThat(subscribed.has("id")).isFalse();
      assertThat(subscribed.path("topic").asText()).isEqualTo("room:lobby");

      assertThat(node.manager.leave(id, "room:lobby")).isTrue();
      JsonNode unsubscribed = client.next();
      assertThat(unsubscribed.path("type").asText()).isEqualTo("unsubscribed");
      assertThat(unsubscribed.has("id")).isFalse();
    }
  }

  static JsonNode text(String text) {
    return Wire.JSON.createObjectNode().put("text", text);
  }
}
