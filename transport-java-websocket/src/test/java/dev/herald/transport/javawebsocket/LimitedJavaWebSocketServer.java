package dev.herald.transport.javawebsocket;

import dev.herald.testing.transport.OpenFileLimitContract;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The child JVM of the open-file-limit test: a Java-WebSocket echo server. */
final class LimitedJavaWebSocketServer {
  private LimitedJavaWebSocketServer() {}

  public static void main(String[] args) throws IOException {
    OpenFileLimitContract.serve(
        manager -> {
          HeraldWebSocketServer server =
              HeraldWebSocketServer.builder(manager)
                  .address(new InetSocketAddress("127.0.0.1", 0))
                  .workerThreads(1)
                  .build()
                  .start();
          return OpenFileLimitContract.Listener.of(server::port, server::isListening);
        });
  }
}
