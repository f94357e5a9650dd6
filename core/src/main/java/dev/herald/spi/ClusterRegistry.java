package dev.herald.spi;

import dev.herald.Connection;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Knows which nodes hold which clients' connections, and which nodes are alive. A manager without
 * one serves a single node and answers these questions from its own connections.
 *
 * <p>Implementations must be thread-safe and must never block: {@link #added} and {@link #removed}
 * are called on I/O threads; {@link #liveNodes} and {@link #totalConnections} are read on
 * application threads and answer from what the registry already holds, without a network round
 * trip. {@link #nodesOf} may ask the store: it completes later, without blocking its caller, and a
 * manager routes no send through it (a broker routes sends to a client by itself).
 */
public interface ClusterRegistry {

  /**
   * Starts the registry for the node {@code nodeId}. Called once, before anything else.
   *
   * @param incarnation what tells this start of the node from every earlier one: its connection ids
   *     carry it, and what an earlier incarnation left in the store is this one's to remove
   */
  void start(String nodeId, String incarnation);

  /** Records that this node holds {@code connection}. */
  void added(Connection<?> connection);

  /** Records that this node no longer holds {@code connection}. */
  void removed(Connection<?> connection);

  /** Returns the ids of the nodes, this one included, that hold connections of {@code clientId}. */
  CompletionStage<Set<String>> nodesOf(String clientId);

  /** Returns the ids of the nodes that are alive, this one included. */
  Set<String> liveNodes();

  /** Returns the number of connections held by all live nodes. */
  long totalConnections();

  /** Stops the registry; this node's entries are removed where the store allows it. */
  void close();
}
