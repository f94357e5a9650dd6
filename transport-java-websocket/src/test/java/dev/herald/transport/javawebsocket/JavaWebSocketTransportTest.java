package dev.herald.transport.javawebsocket;

import dev.herald.ConnectionManager;
import dev.herald.testing.transport.ServerOptions;
import dev.herald.testing.transport.TransportContract;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;

/** Every behaviour of the kit, on Java-WebSocket 1.6.0. */
class JavaWebSocketTransportTest extends TransportContract {

  @Override
  protected Server start(ConnectionManager<?> manager, ServerOptions options) {
    HeraldWebSocketServer.Builder builder =
        HeraldWebSocketServer.builder(manager).address(new InetSocketAddress("127.0.0.1", 0));
    if (options.sendBufferSize() > 0) {
      builder.sendBufferSize(options.sendBufferSize());
    }
    SSLContext tls = options.tls();
    if (tls != null) {
      builder.tls(tls);
    }
    HeraldWebSocketServer server = builder.build().start();
    return Server.of(server.port(), server::close);
  }
}
