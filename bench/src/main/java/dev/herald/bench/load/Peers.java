package dev.herald.bench.load;

import dev.herald.bench.targets.TargetServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;

/**
 * Finds the servers of {@code bench/peers} (Node's {@code ws}, Bun) and the command that runs one.
 * They live beside the bench's jar or classes: {@code bench/target/..} is {@code bench}.
 */
final class Peers {
  private Peers() {}

  /**
   * Returns the command that runs the peer {@code kind} on a free port.
   *
   * @throws IOException if bench/peers or its node_modules is missing
   */
  static List<String> command(TargetServer.Kind kind) throws IOException {
    Path peers = directory();
    if (!Files.isDirectory(peers.resolve("node_modules"))) {
      throw new IOException(
          kind.label() + " needs its npm packages: run 'npm ci' in " + peers.toAbsolutePath());
    }
    return switch (kind) {
      case NODE_WS -> List.of("node", peers.resolve("ws-server.mjs").toString(), "--port", "0");
      case BUN ->
          List.of(
              peers.resolve("node_modules/.bin/bun").toString(),
              peers.resolve("bun-server.mjs").toString(),
              "--port",
              "0");
      default -> throw new IllegalArgumentException(kind.label() + " is no peer process");
    };
  }

  private static Path directory() throws IOException {
    CodeSource source = Peers.class.getProtectionDomain().getCodeSource();
    try {
      // bench/target/herald-bench.jar or bench/target/classes
      Path target = source == null ? null : Path.of(source.getLocation().toURI()).getParent();
      if (target != null && target.getParent() != null) {
        return target.getParent().resolve("peers");
      }
    } catch (URISyntaxException e) {
      throw new IOException("cannot tell where the bench runs from", e);
    }
    throw new IOException("cannot tell where the bench runs from");
  }
}
