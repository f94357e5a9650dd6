package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Delivery;
import dev.herald.spi.Envelope;
import dev.herald.spi.History;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.cluster.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisHistoryRestartIT {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final String TOPIC = "room:restart";
  private static final History.Retention RETENTION =
      new History.Retention(100, Duration.ofMinutes(1));

  private final List<RedisBridge> bridges = new ArrayList<>();

  @AfterEach
  void closeBridges() {
    bridges.forEach(RedisBridge::close);
    redis.server().restart();
  }

  @Test
  void aRedisThatLostItsDataStartsANewEpochAndDeliveryResumes() {
    Member a = start("a");
    Member b = start("b");
    a.join();
    b.join();
    Position before = null;
    for (int i = 1; i <= 5; i++) {
      before = a.append("old " + i).toCompletableFuture().join();
    }
    assertThat(before.offset()).isEqualTo(5);
    for (Member member : List.of(a, b)) {
      waiting().until(() -> member.sink.delivered(TOPIC).size() == 5);
    }

    redis.server().kill();
    // Neither waits for Redis to come back: both fail, and soon.
    waiting().until(() -> a.append("lost").toCompletableFuture().isCompletedExceptionally());
    waiting().until(() -> fails(a.history.read(TOPIC, null, 10)));
    redis.server().restart();

    Position asked = before;
    History.Window window =
        waiting().ignoreExceptions().until(() -> read(a, asked), w -> w != null);
    assertThat(window.covered()).isFalse();
    assertThat(window.entries()).isEmpty();
    assertThat(window.top().epoch()).isNotEqualTo(before.epoch());
    assertThat(window.top().offset()).isZero();
    // A read waits for the subscription that Redis lost: after it, every append reaches the sink.
    waiting().ignoreExceptions().until(() -> read(b, null), w -> w != null);

    List<Position> after = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      after.add(a.append("new " + i).toCompletableFuture().join());
    }
    String epoch = window.top().epoch();
    assertThat(after)
        .containsExactly(new Position(epoch, 1), new Position(epoch, 2), new Position(epoch, 3));
    for (Member member : List.of(a, b)) {
      waiting().until(() -> member.sink.delivered(TOPIC).size() == 8);
      List<History.Entry> got = member.sink.delivered(TOPIC);
      assertThat(got.subList(5, 8)).extracting(History.Entry::position).isEqualTo(after);
      assertThat(got)
          .extracting(entry -> text(entry.envelope()))
          .endsWith("new 1", "new 2", "new 3");
    }
    assertThat(read(b, new Position(epoch, 0)).entries())
        .extracting(History.Entry::position)
        .isEqualTo(after);
  }

  private Member start(String name) {
    RedisBridge bridge = RedisBridge.builder(redis.server().uri()).build();
    bridges.add(bridge);
    RecordingSink sink = new RecordingSink();
    History history = bridge.history();
    history.start(name, sink);
    Member member = new Member(history, sink);
    waiting().ignoreExceptions().until(() -> read(member, null), w -> w != null);
    return member;
  }

  private static History.Window read(Member member, @Nullable Position since) {
    return member
        .history
        .read(TOPIC, since, 10)
        .toCompletableFuture()
        .orTimeout(5, TimeUnit.SECONDS)
        .join();
  }

  private static boolean fails(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  private static ConditionFactory waiting() {
    return await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }

  private static String text(Envelope envelope) {
    return ((Payload.Text) envelope.payloads().get(Envelope.DEFAULT_PROTOCOL)).text();
  }

  /** One node's history and its sink. */
  private record Member(History history, RecordingSink sink) {
    void join() {
      sink.topics.add(TOPIC);
      history.interestChanged(TOPIC);
      read(this, null);
    }

    CompletionStage<Position> append(String text) {
      return history.append(
          Envelope.of(
              Envelope.Kind.TOPIC,
              TOPIC,
              null,
              null,
              Map.of(Envelope.DEFAULT_PROTOCOL, Payload.text(text)),
              Delivery.STANDARD),
          RETENTION);
    }
  }
}
