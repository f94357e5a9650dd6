package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GapDetectorTest {
  private final GapDetector gaps = new GapDetector();

  @Test
  void consecutiveNumbersReportNoGap() {
    assertThat(gaps.track("all", "a", 1, 5)).isZero();
    assertThat(gaps.track("all", "a", 1, 6)).isZero();
  }

  @Test
  void aJumpReportsTheMissingCount() {
    gaps.track("all", "a", 1, 1);
    assertThat(gaps.track("all", "a", 1, 5)).isEqualTo(3);
  }

  @Test
  void aRepeatedNumberIsADuplicate() {
    gaps.track("all", "a", 1, 1);
    gaps.track("all", "a", 1, 2);
    assertThat(gaps.track("all", "a", 1, 2)).isEqualTo(GapDetector.DUPLICATE);
  }

  @Test
  void aRestartedOriginStartsAfresh() {
    gaps.track("all", "a", 1, 100);
    assertThat(gaps.track("all", "a", 2, 1)).isZero();
  }

  @Test
  void channelsAndOriginsAreCountedApart() {
    gaps.track("all", "a", 1, 1);
    gaps.track("topic", "a", 1, 10);
    gaps.track("all", "b", 1, 50);
    assertThat(gaps.track("all", "a", 1, 2)).isZero();
    assertThat(gaps.track("topic", "a", 1, 11)).isZero();
  }

  @Test
  void aForgottenChannelStartsAfresh() {
    gaps.track("topic", "a", 1, 1);
    gaps.forget("topic");
    assertThat(gaps.track("topic", "a", 1, 9)).isZero();
  }
}
