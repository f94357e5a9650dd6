package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            "4096");

    assertThat(options.webSocketAddress().getPort()).isEqualTo(9000);
    assertThat(options.httpAddress().getPort()).isEqualTo(9090);
    assertThat(options.protocol()).isEqualTo(Protocol.MSGPACK);
    assertThat(options.transport()).isEqualTo(ServerTransport.JAVA_WEBSOCKET);
    assertThat(options.redis()).isEqualTo(URI.create("redis://127.0.0.1:6390"));
    assertThat(options.nodeId()).isEqualTo("n1");
    assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.pongTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.maxPayload()).isEqualTo(4096);
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
