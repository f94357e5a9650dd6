package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    for (int code : new int[] {1000, 1008, 4401}) {
      assertThatCode(() -> CloseReasons.checkSendable(code)).doesNotThrowAnyException();
    }
    for (int code : new int[] {1005, 1006, 2000}) {
      assertThatThrownBy(() -> CloseReasons.checkSendable(code))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a close code a server may send: " + code);
    }
  }
}
