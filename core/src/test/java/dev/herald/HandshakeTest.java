package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeTest {

  @Test
  void parsesPathAndDecodedQuery() {
    Handshake handshake = Handshake.of("/ws/al%20ice?token=a%2Bb&x=1&x=2&flag", Map.of(), null);

    assertThat(handshake.path()).isEqualTo("/ws/al ice");
    assertThat(handshake.queryParameter("token")).isEqualTo("a+b");
    assertThat(handshake.query().get("x")).containsExactly("1", "2");
    assertThat(handshake.queryParameter("flag")).isEmpty();
    assertThat(handshake.queryParameter("missing")).isNull();
  }

  @Test
  void headerNamesCompareCaseInsensitively() {
    Handshake handshake = Handshake.of("/", Map.of("Origin", List.of("https://a.example")), null);

    assertThat(handshake.header("origin")).isEqualTo("https://a.example");
    assertThat(handshake.header("ORIGIN")).isEqualTo("https://a.example");
  }

  @Test
  void keepsEveryHeaderButTheKeyAndSharesTheCommonNamesAndValues() {
    Map<String, List<String>> request =
        Map.of(
            "Upgrade", List.of(new String("websocket")),
            "Sec-WebSocket-Key", List.of("dGhlIHNhbXBsZSBub25jZQ=="),
            "X-Trace", List.of("a", "b"));

    Handshake one = Handshake.of("/", request, null);
    Handshake two = Handshake.of("/", request, null);

    assertThat(one.headers()).containsOnlyKeys("upgrade", "x-trace");
    assertThat(one.headers().get("x-trace")).containsExactly("a", "b");
    assertThat(one.header("Sec-WebSocket-Key")).isNull();
    // One string for every connection, not one each.
    assertThat(one.header("upgrade")).isSameAs(two.header("upgrade"));
    String name = one.headers().keySet().stream().filter("upgrade"::equals).findFirst().get();
    String other = two.headers().keySet().stream().filter("upgrade"::equals).findFirst().get();
    assertThat(name).isSameAs(other);
  }

  @Test
  void rejectsAMalformedRequestTarget() {
    assertThatThrownBy(() -> Handshake.of("/ws/<script>", Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed request target");
  }

  @Test
  void anEmptyPathIsTheRoot() {
    assertThat(Handshake.of("?a=1", Map.of(), null).path()).isEqualTo("/");
  }
}
