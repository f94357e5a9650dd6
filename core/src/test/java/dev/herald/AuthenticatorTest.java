package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private final Authenticator fromPath = Authenticator.pathSuffix("/ws/");

  @Test
  void pathSuffixTakesTheClientIdFromThePath() {
    assertThat(fromPath.authenticate(Handshake.of("/ws/alice_1-x", Map.of(), null)))
        .isEqualTo(Admission.accept("alice_1-x"));
  }

  @Test
  void pathSuffixRejectsOtherPathsWith404() {
    assertThat(fromPath.authenticate(Handshake.of("/other/alice", Map.of(), null)))
        .isInstanceOfSatisfying(
            Admission.Rejected.class, r -> assertThat(r.status()).isEqualTo(404));
  }

  @Test
  void pathSuffixRejectsBadClientIdsWith400() {
    for (String bad : new String[] {"", "a/b", "a b", "x".repeat(65), "é"}) {
      assertThat(
              fromPath.authenticate(Handshake.of("/ws/" + bad.replace(" ", "%20"), Map.of(), null)))
          .as(bad)
          .isInstanceOfSatisfying(
              Admission.Rejected.class, r -> assertThat(r.status()).isEqualTo(400));
    }
  }

  @Test
  void pathSuffixNeedsAPrefixBetweenSlashes() {
    assertThatThrownBy(() -> Authenticator.pathSuffix("ws"))
        .hasMessage("prefix does not start and end with '/': ws");
  }

  @Test
  void admissionsCheckTheirValues() {
    assertThatThrownBy(() -> Admission.reject(200, "ok")).hasMessage("status is not 400-599: 200");
    assertThatThrownBy(() -> Admission.accept("")).hasMessage("clientId is empty");
  }
}
