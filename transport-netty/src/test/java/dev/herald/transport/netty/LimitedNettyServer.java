package dev.herald.transport.netty;

import dev.herald.testing.transport.OpenFileLimitContract;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The child JVM of the open-file-limit tests: a Netty echo server, on native epoll if the argument
 * is {@code native}, on NIO otherwise.
 */
final class LimitedNettyServer {
  private LimitedNettyServer() {}

  public static void main(String[] args) throws IOException {
    boolean nativeTransport = args.length > 0 && args[0].equals("native");
    OpenFileLimitContract.serve(
        manager -> {
          HeraldNettyServer server =
              HeraldNettyServer.builder(manager)
                  .address(new InetSocketAddress("127.0.0.1", 0))
                  .workerThreads(1)
                  .nativeTransport(nativeTransport)
                  .build()
                  .start();
          if (server.isNative() != nativeTransport) {
            throw new IllegalStateException("native epoll is not available");
          }
          return OpenFileLimitContract.Listener.of(server::port, server::isListening);
        });
  }
}
