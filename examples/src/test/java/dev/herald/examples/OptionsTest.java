package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.HandshakePolicy;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class OptionsTest {

  @Test
  void defaultsAreTheBlogServersOnNetty() {
    Options options = Options.parse();

    assertThat(options.webSocketAddress().getPort()).isEqualTo(8000);
    assertThat(options.httpAddress().getPort()).isEqualTo(8080);
    assertThat(options.protocol()).isEqualTo(Protocol.TEXT);
    assertThat(options.transport()).isEqualTo(ServerTransport.NETTY);
    assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(25));
    assertThat(options.pongTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.maxPayload()).isEqualTo(1 << 20);
    assertThat(options.redis()).isNull();
    assertThat(options.keystore()).isNull();
    assertThat(options.allowedOrigins()).isEmpty();
    assertThat(options.handshake()).isEqualTo(HandshakePolicy.defaults());
  }

  @Test
  void flagsSetEveryValue() {
    Options options =
        Options.parse(
            "--port",
            "9000",
            "--http-port",
            "9090",
            "--protocol",
            "msgpack",
            "--transport",
            "java-websocket",
            "--redis",
            "redis://127.0.0.1:6390",
            "--node-id",
            "n1",
            "--ping-interval",
            "3",
            "--pong-timeout",
            "2",
            "--max-payload",
            "4096",
            "--rate-limit",
            "500");

    assertThat(options.webSocketAddress().getPort()).isEqualTo(9000);
    assertThat(options.httpAddress().getPort()).isEqualTo(9090);
    assertThat(options.protocol()).isEqualTo(Protocol.MSGPACK);
    assertThat(options.transport()).isEqualTo(ServerTransport.JAVA_WEBSOCKET);
    assertThat(options.redis()).isEqualTo(URI.create("redis://127.0.0.1:6390"));
    assertThat(options.nodeId()).isEqualTo("n1");
    assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.pongTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.maxPayload()).isEqualTo(4096);
    assertThat(options.inbound().messagesPerSecond()).isEqualTo(500);
    assertThat(options.inbound().burst()).isEqualTo(5_000);
    assertThat(options.inbound().maxMessageSize()).isEqualTo(4096);
    assertThat(Options.parse("--rate-limit", "0").inbound().messagesPerSecond()).isZero();
  }

  @Test
  void allowedOriginsAddUpWhetherRepeatedOrCommaSeparated() {
    Options options =
        Options.parse(
            "--allowed-origin",
            "https://app.example.com",
            "--allowed-origin",
            "https://admin.example.com,http://localhost:3000");

    assertThat(options.allowedOrigins())
        .containsExactly(
            "https://app.example.com", "https://admin.example.com", "http://localhost:3000");
  }

  @Test
  void originsABrowserNeverSendsAreRefused() {
    for (String origin :
        new String[] {
          "https://app.example.com/", "app.example.com", "null", "", "https://a.example/x?y"
        }) {
      assertThatThrownBy(() -> Options.parse("--allowed-origin", origin))
          .as(origin)
          .isInstanceOf(ParameterException.class)
          .hasMessageContaining("--allowed-origin is not scheme://host[:port]: " + origin);
    }
  }

  @Test
  void handshakeFlagsSetTheHandshakePolicy() {
    Options options =
        Options.parse(
            "--max-request-line", "2048",
            "--max-header-bytes", "16384",
            "--max-headers", "50",
            "--handshake-timeout", "2");

    assertThat(options.handshake())
        .isEqualTo(
            HandshakePolicy.defaults()
                .maxRequestLine(2048)
                .maxHeaderBytes(16384)
                .maxHeaders(50)
                .timeout(Duration.ofSeconds(2)));
  }

  @Test
  void handshakeLimitsThePolicyRefusesAreRefusedWithTheFlagNamed() {
    assertThatThrownBy(() -> Options.parse("--max-request-line", "15"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--max-request-line: maxRequestLine < 16: 15");
    assertThatThrownBy(() -> Options.parse("--max-header-bytes", "100"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--max-header-bytes: maxHeaderBytes < 256: 100");
    assertThatThrownBy(() -> Options.parse("--max-headers", "7"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--max-headers: maxHeaders < 8: 7");
    assertThatThrownBy(() -> Options.parse("--handshake-timeout", "0"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--handshake-timeout: timeout is not positive: PT0S");
  }

  @Test
  void helpDocumentsTheAdmissionAndHandshakeFlagsWithTheirDefaults() {
    assertThat(Options.usage())
        .contains("--allowed-origin=ORIGIN")
        .contains("--max-request-line=BYTES")
        .contains("Default: 4096.")
        .contains("--max-header-bytes=BYTES")
        .contains("Default: 8192.")
        .contains("--max-headers=COUNT")
        .contains("Default: 100.")
        .contains("--handshake-timeout=SECONDS")
        .contains("Default: 5.");
  }

  @Test
  void theLastOfARepeatedFlagWins() {
    assertThat(Options.parse("--port", "0", "--port", "9001").webSocketAddress().getPort())
        .isEqualTo(9001);
  }

  @Test
  void badValuesAreRefusedWithTheFlagNamed() {
    assertThatThrownBy(() -> Options.parse("--protocol", "xml"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("not text, json or msgpack: xml");
    assertThatThrownBy(() -> Options.parse("--transport", "undertow"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("not netty or java-websocket: undertow");
    assertThatThrownBy(() -> Options.parse("--port", "70000"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--port is not 0-65535: 70000");
    assertThatThrownBy(() -> Options.parse("--pong-timeout", "0"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--pong-timeout <= 0: 0");
    assertThatThrownBy(() -> Options.parse("--node-id", "a.b"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--node-id is not 1-64 of A-Z a-z 0-9 _ -: a.b");
    assertThatThrownBy(() -> Options.parse("--no-such-flag"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--no-such-flag");
  }
}
