package dev.herald.transport.javawebsocket;

import dev.herald.testing.transport.OpenFileLimitContract;

/** The server survives the limit of open files, which closes a plain Java-WebSocket listener. */
class JavaWebSocketOpenFileLimitTest extends OpenFileLimitContract {

  @Override
  protected Class<?> serverMain() {
    return LimitedJavaWebSocketServer.class;
  }
}
