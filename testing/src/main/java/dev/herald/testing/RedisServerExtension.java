package dev.herald.testing;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a {@link RedisServer} on a free port before the tests of a class and kills it after them.
 * Register it in a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();
 * }</pre>
 *
 * <p>A test that stopped or killed the server should {@link RedisServer#restart()} it before it
 * ends, so that the next test of the class finds it running. This class is thread-safe.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
  private volatile @Nullable RedisServer server;

  /** Creates an extension; the server starts before the first test. */
  public RedisServerExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    RedisServer running = server;
    if (running != null) {
      running.close();
      server = null;
    }
  }

  /**
   * Returns the running server.
   *
   * @throws IllegalStateException outside the tests of the class that registered the extension
   */
  public RedisServer server() {
    RedisServer running = server;
    if (running == null) {
      throw new IllegalStateException("no redis-server: register the extension in a static field");
    }
    return running;
  }
}
