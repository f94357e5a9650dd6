package dev.herald.spring.boot;

import dev.herald.ConnectionManager;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the manager when the application stops, before the web server's own graceful shutdown.
 *
 * <p>Spring Boot reports readiness {@code REFUSING_TRAFFIC} as soon as the context begins to close.
 * This then waits {@code readinessDelay}, serving and admitting as before, so that a load balancer
 * that polls readiness stops sending clients here; only then does the manager drain: no more
 * admissions, 1001 to every connection, up to {@code grace} for them to go.
 */
final class HeraldDrain implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(HeraldDrain.class);

  private final ConnectionManager<?> manager;
  private final HeraldProperties.Shutdown shutdown;
  private volatile boolean running;

  HeraldDrain(ConnectionManager<?> manager, HeraldProperties.Shutdown shutdown) {
    this.manager = manager;
    this.shutdown = shutdown;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    Duration delay = shutdown.readinessDelay();
    if (!delay.isZero() && !delay.isNegative()) {
      log.info("Unready: draining in {} ms", delay.toMillis());
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    manager.shutdown(shutdown.grace());
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops before the web server's graceful shutdown, which stops in the next phase down. */
  @Override
  public int getPhase() {
    return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
  }
}
