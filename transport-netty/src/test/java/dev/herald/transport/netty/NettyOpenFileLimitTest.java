package dev.herald.transport.netty;

import dev.herald.testing.transport.OpenFileLimitContract;
import java.util.List;

/** The server on native epoll survives the limit of open files. */
class NettyOpenFileLimitTest extends OpenFileLimitContract {

  @Override
  protected Class<?> serverMain() {
    return LimitedNettyServer.class;
  }

  @Override
  protected List<String> serverArguments() {
    return List.of("native");
  }
}
