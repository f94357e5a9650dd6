package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.HistoryPolicy;
import dev.herald.TopicAuthorizer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Frames of the Herald protocol a hostile or broken client sends: each is refused with a named
 * error that says nothing of the server's internals, and the connection keeps working.
 */
class HostileFramesTest {
  private final HeraldNode node =
      new HeraldNode(
          builder ->
              builder
                  .history(HistoryPolicy.of("room:*", 100, Duration.ofMinutes(1)))
                  .maxSubscriptions(4)
                  .topicAuthorizer(
                      (connection, action, topic) ->
                          CompletableFuture.supplyAsync(
                              () ->
                                  !topic.startsWith("secret:")
                                      && action == TopicAuthorizer.Action.SUBSCRIBE)));

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void anUnknownTypeIsRefusedWithItsIdAndTheConnectionStillWorks() {
    try (HeraldClient client = HeraldClient.connect(node.port(), "eve")) {
      client.send("{\"type\":\"launch\",\"id\":5}");

      assertError(client.next(), 5, "unknown_type");
      assertStillWorks(client);
    }
  }

  @Test
  void malformedFramesAreBadFrames() {
    try (HeraldClient client = HeraldClient.connect(node.port(), "eve")) {
      for (String frame :
          new String[] {
            "not json", "[1,2]", "{\"id\":1}", "{\"type\":\"subscribe\",\"id\":1}", "{\"type\":7}"
          }) {
        client.send(frame);
        JsonNode error = client.next();
        assertThat(error.path("type").asText()).as(frame).isEqualTo("error");
        assertThat(error.path("code").asText()).as(frame).isEqualTo("bad_frame");
        assertThat(error.path("message").asText()).as(frame).doesNotContain("Exception", "dev.");
      }
      assertStillWorks(client);
    }
  }

  @Test
  void aHugeOrNegativeOffsetIsABadPosition() {
    try (HeraldClient client = HeraldClient.connect(node.port(), "eve")) {
      client.send(
          "{\"type\":\"subscribe\",\"id\":1,\"topic\":\"room:a\",\"epoch\":\"e1\","
              + "\"offset\":99999999999999999999}");
      assertError(client.next(), 1, "bad_position");
      client.send(
          "{\"type\":\"subscribe\",\"id\":2,\"topic\":\"room:a\",\"epoch\":\"e1\",\"offset\":-1}");
      assertError(client.next(), 2, "bad_position");
      assertStillWorks(client);
    }
  }

  @Test
  void anOffsetAheadOfTheTopicIsABadPosition() {
    node.manager.publish("room:a", RecoveryTest.text("one"));
    try (HeraldClient client = HeraldClient.connect(node.port(), "eve")) {
      String epoch = client.subscribe(1, "room:b").path("epoch").asText();
      JsonNode probe = client.subscribe(2, "room:a");
      client.send("{\"type\":\"unsubscribe\",\"id\":3,\"topic\":\"room:a\"}");
      assertThat(client.next().path("type").asText()).isEqualTo("unsubscribed");

      client.subscribe(4, "room:a", probe.path("epoch").asText(), 1_000_000);

      assertError(client.next(), 4, "bad_position");
      assertThat(epoch).isNotEmpty();
      assertStillWorks(client);
    }
  }

  @Test
  void aSubscribeFloodStopsAtTheCapAndRepeatsAreRefused() {
    try (HeraldClient client = HeraldClient.connect(node.port(), "eve")) {
      for (int i = 0; i < 3; i++) {
        assertThat(client.subscribe(i, "room:" + i).path("type").asText()).isEqualTo("subscribed");
      }
      assertError(client.subscribe(10, "room:0"), 10, "already_subscribed");
      assertThat(client.subscribe(11, "room:3").path("type").asText()).isEqualTo("subscribed");
      for (int i = 0; i < 50; i++) {
        client.subscribe(100 + i, "room:flood" + i, null, 0);
      }
      for (int i = 0; i < 50; i++) {
        assertError(client.next(), 100 + i, "too_many_subscriptions");
      }
      client.send("{\"type\":\"unsubscribe\",\"id\":200,\"topic\":\"room:nope\"}");
      assertError(client.next(), 200, "not_subscribed");
      node.manager.publish("room:3", RecoveryTest.text("still here"));
      assertThat(client.next().path("data").path("text").asText()).isEqualTo("still here");
    }
  }

  @Test
  void aForbiddenTopicAndAClientPublishAreRefusedAsForbidden() {
    try (HeraldClient client = HeraldClient.connect(node.port(), "eve")) {
      assertError(client.subscribe(1, "secret:plans"), 1, "forbidden");
      client.send(
          "{\"type\":\"publish\",\"id\":2,\"topic\":\"room:a\",\"data\":{\"text\":\"spam\"}}");
      assertError(client.next(), 2, "forbidden");
      assertThat(node.manager.stats().historyEntries()).isZero();
      assertStillWorks(client);
    }
  }

  @Test
  void anEmptyOrOverlongTopicIsABadTopic() {
    try (HeraldClient client = HeraldClient.connect(node.port(), "eve")) {
      assertError(client.subscribe(1, ""), 1, "bad_topic");
      assertError(client.subscribe(2, "room:" + "x".repeat(300)), 2, "bad_topic");
      assertStillWorks(client);
    }
  }

  private void assertStillWorks(HeraldClient client) {
    JsonNode subscribed = client.subscribe(999, "room:check");
    assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
    node.manager.publish("room:check", RecoveryTest.text("ok"));
    JsonNode publication = client.next();
    assertThat(publication.path("data").path("text").asText()).isEqualTo("ok");
  }

  private static void assertError(JsonNode frame, long id, String code) {
    assertThat(frame.path("type").asText()).as(frame.toString()).isEqualTo("error");
    assertThat(frame.path("id").asLong()).as(frame.toString()).isEqualTo(id);
    assertThat(frame.path("code").asText()).as(frame.toString()).isEqualTo(code);
    assertThat(frame.path("message").asText()).doesNotContain("Exception", "dev.herald");
  }
}
