package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.testing.RedisServer;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StartupFailureTest {

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void aTakenHttpPortFailsTheStartAndReleasesTheWebSocketPort(ServerTransport transport)
      throws Exception {
    int webSocketPort = RedisServer.freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  Servers.start(
                      "--transport", transport.flag(),
                      "--port", Integer.toString(webSocketPort),
                      "--http-port", Integer.toString(taken.getLocalPort())))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot listen for HTTP");
    }
    assertThatCode(
            () -> {
              try (ServerSocket again = new ServerSocket()) {
                again.setReuseAddress(true);
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), webSocketPort));
              }
            })
        .doesNotThrowAnyException();
  }

  @Test
  void anUnreadableKeystoreFailsTheStartWithItsName(@TempDir Path dir) throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.p12"), "not a keystore");

    assertThatThrownBy(
            () -> Servers.start("--keystore", junk.toString(), "--keystore-password", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("junk.p12");
  }
}
