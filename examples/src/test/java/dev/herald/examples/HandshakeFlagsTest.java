package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.HandshakePolicy;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HandshakeFlagsTest {

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void handshakeFlagsReachTheManagersPolicy(ServerTransport transport) {
    EchoBroadcastServer server =
        Servers.start(
            "--transport", transport.flag(),
            "--max-request-line", "1024",
            "--max-header-bytes", "2048",
            "--max-headers", "20",
            "--handshake-timeout", "3");
    try {
      assertThat(server.manager().connector().handshakePolicy())
          .isEqualTo(
              HandshakePolicy.defaults()
                  .maxRequestLine(1024)
                  .maxHeaderBytes(2048)
                  .maxHeaders(20)
                  .timeout(Duration.ofSeconds(3)));
    } finally {
      server.shutdown(Duration.ofSeconds(2));
    }
  }
}
