package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ConnectionManager;
import dev.herald.testing.TransportContract;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/** The contract on NIO, the transport of every platform without native epoll. */
class NettyNioTransportContractTest extends TransportContract {

  @Override
  protected Server start(ConnectionManager<?> manager) {
    HeraldNettyServer server =
        HeraldNettyServer.builder(manager)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .workerThreads(2)
            .nativeTransport(false)
            .build()
            .start();
    assertThat(server.isNative()).isFalse();
    int port = server.awaitStart(Duration.ofSeconds(5));
    return Server.of(
        URI.create("ws://127.0.0.1:" + port), () -> server.shutdown(Duration.ofSeconds(1)));
  }
}
