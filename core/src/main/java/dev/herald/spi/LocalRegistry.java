package dev.herald.spi;

import dev.herald.Connection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves a single node: every connection is local, so there is never another node to route to.
 * The default registry of a manager.
 *
 * <p>This class is thread-safe.
 */
public final class LocalRegistry implements ClusterRegistry {
  private final LongAdder connections = new LongAdder();
  private volatile Set<String> nodes = Set.of();

  @Override
  public void start(String nodeId) {
    nodes = Set.of(nodeId);
  }

  @Override
  public void added(Connection connection) {
    connections.increment();
  }

  @Override
  public void removed(Connection connection) {
    connections.decrement();
  }

  @Override
  public CompletionStage<Set<String>> nodesOf(String clientId) {
    return CompletableFuture.completedFuture(nodes);
  }

  @Override
  public Set<String> liveNodes() {
    return nodes;
  }

  @Override
  public long totalConnections() {
    return connections.sum();
  }

  @Override
  public void close() {}
}
