package dev.herald;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Describes a connection that may be on another node, as {@link ConnectionManager#fetchConnections}
 * lists it.
 *
 * @param id the connection's id, unique in the cluster
 * @param clientId the client it authenticated as
 * @param node the node that holds it
 * @param connectedAt when its handshake completed
 * @param topics the topics it had joined when it was asked
 */
public record ConnectionInfo(
    String id, String clientId, String node, Instant connectedAt, Set<String> topics) {

  /** Checks the values and copies the topics. */
  public ConnectionInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(connectedAt, "connectedAt");
    topics = Set.copyOf(topics);
  }
}
