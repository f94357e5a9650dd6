package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The policies are values: each setting keeps the others, and a bad value says what it was. */
class PolicyValuesTest {

  @Test
  void settingTheOutboundLimitKeepsTheOverflowPolicy() {
    OutboundPolicy policy = OutboundPolicy.defaults().onOverflow(Overflow.DROP_OLDEST).limit(4096);

    assertThat(policy.limit()).isEqualTo(4096);
    assertThat(policy.overflow()).isEqualTo(Overflow.DROP_OLDEST);
    assertThat(policy)
        .isEqualTo(OutboundPolicy.defaults().limit(4096).onOverflow(Overflow.DROP_OLDEST));
  }

  @Test
  void settingTheHeartbeatIntervalKeepsTheTimeout() {
    HeartbeatPolicy policy =
        HeartbeatPolicy.defaults().timeout(Duration.ofSeconds(5)).interval(Duration.ofSeconds(30));

    assertThat(policy.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(HeartbeatPolicy.disabled().enabled()).isFalse();
    assertThat(HeartbeatPolicy.disabled().interval(Duration.ofSeconds(1)).timeout())
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void inboundAndAdmissionSettingsKeepEachOther() {
    InboundPolicy inbound =
        InboundPolicy.defaults()
            .rate(5, 50)
            .onUndecodable(InboundPolicy.Action.CLOSE)
            .maxMessageSize(10);
    AdmissionPolicy admission =
        AdmissionPolicy.defaults()
            .maxConnections(7)
            .allowedOrigins("HTTPS://A.example")
            .connectRate(3, 4);

    assertThat(inbound.messagesPerSecond()).isEqualTo(5);
    assertThat(inbound.burst()).isEqualTo(50);
    assertThat(inbound.undecodable()).isEqualTo(InboundPolicy.Action.CLOSE);
    assertThat(inbound.maxMessageSize()).isEqualTo(10);
    assertThat(inbound.unlimitedRate().messagesPerSecond()).isZero();
    assertThat(admission.maxConnections()).isEqualTo(7);
    assertThat(admission.allowedOrigins()).containsExactly("https://a.example");
    assertThat(admission.connectsPerSecond()).isEqualTo(3);
  }

  @Test
  void badValuesAreRefusedWithTheValue() {
    assertThatThrownBy(() -> OutboundPolicy.defaults().limit(0)).hasMessage("limit <= 0: 0");
    assertThatThrownBy(() -> HeartbeatPolicy.defaults().interval(Duration.ZERO))
        .hasMessage("interval <= 0: PT0S");
    assertThatThrownBy(() -> HeartbeatPolicy.disabled().timeout(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> InboundPolicy.defaults().rate(0, 1)).hasMessage("perSecond <= 0: 0");
    assertThatThrownBy(() -> InboundPolicy.defaults().onOverRate(InboundPolicy.Action.REPLY))
        .hasMessage("overRate may be DROP or CLOSE, not REPLY");
    assertThatThrownBy(() -> AdmissionPolicy.defaults().maxConnections(-1))
        .hasMessage("maxConnections < 0: -1");
  }
}
