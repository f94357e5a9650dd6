package dev.herald.transport.netty;

import dev.herald.testing.transport.OpenFileLimitContract;

/** The server on NIO survives the limit of open files. */
class NettyNioOpenFileLimitTest extends OpenFileLimitContract {

  @Override
  protected Class<?> serverMain() {
    return LimitedNettyServer.class;
  }
}
