package dev.herald.examples;

/**
 * Tells a client where it landed in cluster mode.
 *
 * <p>Instances are immutable.
 *
 * @param nodeId the node that holds the connection
 * @param connections the connections on all live nodes, as the registry last knew them
 */
record ClusterView(String nodeId, long connections) {}
