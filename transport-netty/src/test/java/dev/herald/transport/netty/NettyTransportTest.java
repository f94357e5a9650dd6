package dev.herald.transport.netty;

import dev.herald.ConnectionManager;
import dev.herald.testing.transport.ServerOptions;
import dev.herald.testing.transport.TransportContract;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;

/** Every behaviour of the kit, on Netty with native epoll where it loads. */
class NettyTransportTest extends TransportContract {

  @Override
  protected Server start(ConnectionManager<?> manager, ServerOptions options) {
    HeraldNettyServer server = builder(manager, options).build().start();
    return Server.of(server.port(), server::close);
  }

  /** Returns a builder on 127.0.0.1 with the kit's options, for this test and the NIO one. */
  static HeraldNettyServer.Builder builder(ConnectionManager<?> manager, ServerOptions options) {
    HeraldNettyServer.Builder builder =
        HeraldNettyServer.builder(manager)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .workerThreads(2);
    if (options.sendBufferSize() > 0) {
      builder.sendBufferSize(options.sendBufferSize());
    }
    SSLContext tls = options.tls();
    if (tls != null) {
      builder.tls(tls);
    }
    return builder;
  }
}
