package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HistoryKeyTagTest {
  @Test
  void aPlainTopicIsItsOwnTag() {
    assertThat(RedisHistory.tag("room:1")).isEqualTo("room:1");
  }

  @Test
  void bracesAndPercentAreEncodedSoThatTheTagEndsWhereItShould() {
    assertThat(RedisHistory.tag("a{b}c%")).isEqualTo("a%7Bb%7Dc%25");
    assertThat(RedisHistory.tag("")).isEqualTo("%");
  }

  @Test
  void distinctTopicsHaveDistinctTags() {
    List<String> topics = List.of("", "%", "%25", "{", "%7B", "}", "%7D", "a}", "a%7D", "{}");
    Set<String> tags = new HashSet<>();
    topics.forEach(topic -> tags.add(RedisHistory.tag(topic)));
    assertThat(tags).hasSameSizeAs(topics);
  }

  @Test
  void bothKeysOfATopicHashToOneSlot() {
    for (String topic : List.of("room:1", "", "}", "{x}", "a}b{c", "%")) {
      String tag = "herald:h:{" + RedisHistory.tag(topic) + "}:";
      assertThat(SlotHash.getSlot(tag + "s")).as(topic).isEqualTo(SlotHash.getSlot(tag + "m"));
    }
  }
}
