package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GapDetectorTest {
  private final List<String> reports = new ArrayList<>();
  private final GapDetector gaps =
      new GapDetector(
          (channel, origin, count) -> reports.add(channel + " " + origin + " " + count));

  @Test
  void consecutiveNumbersReportNoGap() {
    assertThat(gaps.message("all", "a", 1, 5, 0, 0)).isZero();
    assertThat(gaps.message("all", "a", 1, 6, 0, 0)).isZero();
    sweep();
    sweep();
    assertThat(reports).isEmpty();
  }

  @Test
  void aHoleIsCountedOnceAWholeSweepIntervalHasPassed() {
    gaps.message("all", "a", 1, 1, 0, 0);
    gaps.message("all", "a", 1, 5, 0, 0);
    sweep();
    assertThat(reports).isEmpty();
    gaps.message("all", "a", 1, 9, 0, 0);

    sweep();

    assertThat(reports).containsExactly("all a 3");
    sweep();
    assertThat(reports).containsExactly("all a 3", "all a 3");
  }

  @Test
  void holesKeepTheirTimeWhileNewOnesKeepComing() {
    gaps.message("all", "a", 1, 1, 0, 0);
    for (long n = 3; n < 100; n += 2) {
      gaps.message("all", "a", 1, n, 0, 0);
      sweep();
      // Each hole is filled within one sweep interval: none is counted.
      gaps.message("all", "a", 1, n - 1, 0, 0);
    }
    sweep();
    sweep();
    assertThat(reports).isEmpty();
  }

  @Test
  void aLateMessageFillsItsHoleAndIsDelivered() {
    gaps.message("all", "a", 1, 1, 0, 0);
    gaps.message("all", "a", 1, 3, 0, 0);

    assertThat(gaps.message("all", "a", 1, 2, 0, 1)).isZero();
    sweep();
    sweep();

    assertThat(reports).isEmpty();
  }

  @Test
  void shuffledNumbersWithinTheWindowAreAllDeliveredOnceWithoutAGap() {
    List<Long> numbers = new ArrayList<>();
    for (long n = 1; n <= 5_000; n++) {
      numbers.add(n);
    }
    // Displaced by at most a few hundred, as many threads publishing at once would.
    Random random = new Random(7);
    // The first stays first: what arrives before it is delivered unchecked, as a late joiner's.
    for (int i = 1; i + 200 < numbers.size(); i += 200) {
      Collections.shuffle(numbers.subList(i, i + 200), random);
    }
    int delivered = 0;
    for (long n : numbers) {
      if (gaps.message("all", "a", 1, n, 0, 0) == 0) {
        delivered++;
      }
    }
    for (long n : numbers) {
      assertThat(gaps.message("all", "a", 1, n, 0, 0)).isEqualTo(GapDetector.DUPLICATE);
    }
    sweep();
    sweep();

    assertThat(delivered).isEqualTo(5_000);
    assertThat(reports).isEmpty();
  }

  @Test
  void holesThatLeaveTheWindowAreCountedAtOnce() {
    gaps.message("all", "a", 1, 1, 0, 0);

    gaps.message("all", "a", 1, 3 + GapDetector.WINDOW * 3L, 0, 0);

    assertThat(reports).hasSize(1);
    sweep();
    sweep();
    long total = reports.stream().mapToLong(r -> Long.parseLong(r.split(" ")[2])).sum();
    assertThat(total).isEqualTo(1 + GapDetector.WINDOW * 3L);
  }

  @Test
  void aMarkShowsLossAtTheEndOfABurst() {
    gaps.message("topic", "a", 1, 1, 0, 0);
    gaps.message("topic", "a", 1, 2, 0, 0);

    gaps.mark("topic", "a", 1, 6, 0, 0);
    sweep();
    sweep();

    assertThat(reports).containsExactly("topic a 4");
  }

  @Test
  void aMarkOfWhatArrivedReportsNothing() {
    gaps.message("topic", "a", 1, 1, 0, 0);
    gaps.mark("topic", "a", 1, 1, 0, 0);
    gaps.mark("topic", "a", 1, 1, 0, 0);
    sweep();
    sweep();

    assertThat(reports).isEmpty();
  }

  @Test
  void aNewStreamThatRedisNeverTookBeforeCountsWhatCameBefore() {
    // The origin published 4 messages before it reached Redis; the 5th is the first that arrives.
    gaps.message("all", "a", 1, 5, 4, 0);
    sweep();
    sweep();

    assertThat(reports).containsExactly("all a 4");
  }

  @Test
  void aNodeThatJoinsAStreamLateCountsNothingBeforeIt() {
    assertThat(gaps.message("all", "a", 1, 500, 0, 0)).isZero();
    assertThat(gaps.message("all", "a", 1, 499, 0, 0)).isZero();
    sweep();
    sweep();

    assertThat(reports).isEmpty();
  }

  @Test
  void aRestartedOriginStartsANewStream() {
    gaps.message("all", "a", 1, 100, 0, 0);
    assertThat(gaps.message("all", "a", 2, 1, 0, 0)).isZero();
    sweep();
    sweep();
    assertThat(reports).isEmpty();
  }

  @Test
  void channelsAndOriginsAreCountedApart() {
    gaps.message("all", "a", 1, 1, 0, 0);
    gaps.message("topic", "a", 1, 10, 0, 0);
    gaps.message("all", "b", 1, 50, 0, 0);
    assertThat(gaps.message("all", "a", 1, 2, 0, 0)).isZero();
    assertThat(gaps.message("topic", "a", 1, 11, 0, 0)).isZero();
    sweep();
    sweep();
    assertThat(reports).isEmpty();
  }

  @Test
  void aForgottenChannelStartsAfresh() {
    gaps.message("topic", "a", 1, 1, 0, 0);
    gaps.forget("topic");
    gaps.message("topic", "a", 1, 9, 0, 0);
    sweep();
    sweep();
    assertThat(reports).isEmpty();
  }

  private void sweep() {
    gaps.sweep(0, Long.MAX_VALUE);
  }

  @Test
  void silentStreamsAreDropped() {
    gaps.message("all", "a", 1, 1, 0, 0);
    gaps.message("topic", "b", 1, 1, 0, 50);

    gaps.sweep(100, 60);

    assertThat(gaps.streams()).isEqualTo(1);
    gaps.sweep(200, 60);
    assertThat(gaps.streams()).isZero();
  }
}
