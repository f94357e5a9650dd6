package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.ConnectionManager;
import io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class NativeTransportTest {

  @Test
  void serverRunsOnEpollOnLinuxX86() {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"));
    assumeTrue(System.getProperty("os.arch").equals("amd64"));
    assertThat(Epoll.isAvailable()).as(String.valueOf(Epoll.unavailabilityCause())).isTrue();
    HeraldNettyServer server =
        HeraldNettyServer.builder(ConnectionManager.builder(String.class).build())
            .address(new InetSocketAddress("127.0.0.1", 0))
            .build()
            .start();
    try {
      assertThat(server.port()).isPositive();
      assertThat(server.isNative()).isTrue();
    } finally {
      server.close();
    }
  }
}
