package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.HistoryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seam between a catch-up and the live stream, under live traffic: a client resumes while a
 * publisher keeps publishing, and must see every offset after its position once, in order. Each run
 * draws how much it missed, how fast the publisher goes and when the client resumes.
 */
class SeamTest {
  private static final int RUNS = 100;

  private final HeraldNode node =
      new HeraldNode(
          builder -> builder.history(HistoryPolicy.of("seam:*", 100_000, Duration.ofMinutes(5))));

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void aResumeUnderLiveTrafficHasNoGapAndNoDuplicate() throws Exception {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    for (int run = 0; run < RUNS; run++) {
      String topic = "seam:" + run;
      int missed = random.nextInt(200);
      int during = 1 + random.nextInt(200);
      int pauseEvery = 1 + random.nextInt(20);
      long pauseNanos = random.nextInt(200_000);
      String known;
      long from;
      try (HeraldClient client = HeraldClient.connect(node.port(), "seam")) {
        JsonNode subscribed = client.subscribe(1, topic);
        known = subscribed.path("epoch").asText();
        from = subscribed.path("offset").asLong();
      }
      for (int i = 0; i < missed; i++) {
        node.manager.publish(topic, RecoveryTest.text("missed " + i));
      }
      try (HeraldClient client = HeraldClient.connect(node.port(), "seam")) {
        CompletableFuture<Void> publisher =
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < during; i++) {
                    node.manager.publish(topic, RecoveryTest.text("during " + i));
                    if (i % pauseEvery == 0) {
                      LockSupport.parkNanos(pauseNanos);
                    }
                  }
                });
        client.subscribe(2, topic, known, from);
        JsonNode subscribed = client.next();
        assertThat(subscribed.path("recovered").asBoolean())
            .as("run %d, seed %d", run, seed)
            .isTrue();
        publisher.get();
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < missed + during; i++) {
          offsets.add(client.next().path("offset").asLong());
        }
        List<Long> expected = new ArrayList<>();
        for (long offset = from + 1; offset <= from + missed + during; offset++) {
          expected.add(offset);
        }
        assertThat(offsets).as("run %d, seed %d", run, seed).isEqualTo(expected);
        client.send("{\"type\":\"ping\"}");
        assertThat(client.next().path("type").asText())
            .as("nothing after the last offset, run %d, seed %d", run, seed)
            .isEqualTo("pong");
      }
    }
  }
}
