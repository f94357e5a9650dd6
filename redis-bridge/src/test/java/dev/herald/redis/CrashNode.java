package dev.herald.redis;

import java.net.URI;
import java.time.Duration;

/**
 * Runs one node in its own JVM, so that {@link NodeCrashIT} can kill it with SIGKILL: arguments are
 * the Redis URI, the node id and the lease TTL in milliseconds. Prints {@code PORT <port>} once it
 * serves, then runs until killed.
 */
final class CrashNode {
  private CrashNode() {}

  public static void main(String[] args) throws InterruptedException {
    Node node =
        Node.start(
            args[1],
            RedisBridge.builder(URI.create(args[0]))
                .leaseTtl(Duration.ofMillis(Long.parseLong(args[2]))));
    System.out.println("PORT " + node.port);
    System.out.flush();
    Thread.currentThread().join();
  }
}
