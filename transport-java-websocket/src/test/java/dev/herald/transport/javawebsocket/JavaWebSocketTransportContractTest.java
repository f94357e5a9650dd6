package dev.herald.transport.javawebsocket;

import dev.herald.ConnectionManager;
import dev.herald.testing.TransportContract;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

class JavaWebSocketTransportContractTest extends TransportContract {

  @Override
  protected Server start(ConnectionManager<?> manager) {
    HeraldWebSocketServer server =
        HeraldWebSocketServer.builder(manager)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .build();
    server.start();
    int port = server.awaitStart(Duration.ofSeconds(5));
    return Server.of(
        URI.create("ws://127.0.0.1:" + port), () -> server.shutdown(Duration.ofSeconds(1)));
  }
}
