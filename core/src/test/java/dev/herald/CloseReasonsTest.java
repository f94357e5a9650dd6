package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseReasonsTest {

  @Test
  void shortReasonsStayAsTheyAre() {
    assertThat(CloseReasons.fit("slow consumer")).isEqualTo("slow consumer");
  }

  @Test
  void longReasonsAreCutToACloseFrameWithoutSplittingACharacter() {
    String reason = "é".repeat(40) + "😀".repeat(40);

    String fitted = CloseReasons.fit(reason);

    assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
    assertThat(reason).startsWith(fitted);
    assertThat(Character.isHighSurrogate(fitted.charAt(fitted.length() - 1))).isFalse();
  }

  @Test
  void onlyCodesAServerMaySendAreSendable() {
    assertThat(CloseReasons.sendable(1000)).isTrue();
    assertThat(CloseReasons.sendable(1008)).isTrue();
    assertThat(CloseReasons.sendable(4401)).isTrue();
    assertThat(CloseReasons.sendable(1005)).isFalse();
    assertThat(CloseReasons.sendable(1006)).isFalse();
    assertThat(CloseReasons.sendable(2000)).isFalse();
  }
}
