package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ConnectionManager;
import dev.herald.testing.transport.ServerOptions;
import dev.herald.testing.transport.TransportContract;

/** Every behaviour of the kit on NIO, the transport of every platform without native epoll. */
class NettyNioTransportTest extends TransportContract {

  @Override
  protected Server start(ConnectionManager<?> manager, ServerOptions options) {
    HeraldNettyServer server =
        NettyTransportTest.builder(manager, options).nativeTransport(false).build().start();
    assertThat(server.isNative()).isFalse();
    return Server.of(server.port(), server::close);
  }
}
