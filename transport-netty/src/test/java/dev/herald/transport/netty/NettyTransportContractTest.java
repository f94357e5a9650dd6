package dev.herald.transport.netty;

import dev.herald.ConnectionManager;
import dev.herald.testing.TransportContract;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

class NettyTransportContractTest extends TransportContract {

  @Override
  protected Server start(ConnectionManager<?> manager) {
    HeraldNettyServer server =
        HeraldNettyServer.builder(manager)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .workerThreads(2)
            .build()
            .start();
    int port = server.awaitStart(Duration.ofSeconds(5));
    return Server.of(
        URI.create("ws://127.0.0.1:" + port), () -> server.shutdown(Duration.ofSeconds(1)));
  }
}
