package dev.herald.spi;

import dev.herald.Connection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves a single node: every connection is local, so there is never another node to route to.
 * The default registry of a manager.
 *
 * <p>This class is thread-safe.
 */
public final class LocalRegistry implements ClusterRegistry {
  private final LongAdder connections = new LongAdder();
  private final Map<String, Integer> connectionsPerClient = new ConcurrentHashMap<>();
  private volatile Set<String> nodes = Set.of();

  @Override
  public void start(String nodeId) {
    nodes = Set.of(nodeId);
  }

  @Override
  public void added(Connection connection) {
    connections.increment();
    connectionsPerClient.merge(connection.clientId(), 1, Integer::sum);
  }

  @Override
  public void removed(Connection connection) {
    connections.decrement();
    connectionsPerClient.computeIfPresent(connection.clientId(), (k, n) -> n == 1 ? null : n - 1);
  }

  @Override
  public CompletionStage<Set<String>> nodesOf(String clientId) {
    return CompletableFuture.completedFuture(
        connectionsPerClient.containsKey(clientId) ? nodes : Set.of());
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
