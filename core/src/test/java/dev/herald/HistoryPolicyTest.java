package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistoryPolicyTest {

  @Test
  void theFirstMatchingPatternDecidesAndOtherTopicsKeepNothing() {
    HistoryPolicy policy =
        HistoryPolicy.of("room:vip*", 10, Duration.ofSeconds(1))
            .keep("room:*", 100, Duration.ofMinutes(1))
            .keep("*.prices", 5, Duration.ofSeconds(30));

    assertThat(policy.retention("room:vip-1").count()).isEqualTo(10);
    assertThat(policy.retention("room:lobby").count()).isEqualTo(100);
    assertThat(policy.retention("eu.prices").count()).isEqualTo(5);
    assertThat(policy.retention("rooms")).isNull();
    assertThat(policy.retention("room:")).isNotNull();
    assertThat(HistoryPolicy.none().retention("room:lobby")).isNull();
  }

  @Test
  void patternCharactersOtherThanTheStarAreLiteral() {
    HistoryPolicy policy = HistoryPolicy.of("a.b(c)", 1, Duration.ofSeconds(1));

    assertThat(policy.retention("a.b(c)")).isNotNull();
    assertThat(policy.retention("axb(c)")).isNull();
  }

  @Test
  void badValuesAreRefusedWhenSet() {
    assertThatThrownBy(() -> HistoryPolicy.of("x", 0, Duration.ofSeconds(1)))
        .hasMessage("count < 1: 0");
    assertThatThrownBy(() -> HistoryPolicy.of("x", 1, Duration.ZERO)).hasMessageContaining("age");
    assertThatThrownBy(() -> HistoryPolicy.none().maxBytes(0)).hasMessage("bytes < 1: 0");
  }
}
