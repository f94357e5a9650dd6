package dev.herald;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The connections of this node, by id, by client and by topic. Lock-free for readers: senders
 * iterate a topic's concurrent set directly and a client's immutable one, which never blocks a
 * writer and never fails. A connection is registered before the application's {@code onOpen} and
 * ready after it; the sets hold both, and senders skip the ones that are not ready.
 */
final class LocalConnections<T> {
  private final Map<String, ManagedConnection<T>> byId = new ConcurrentHashMap<>();
  private final Map<String, Set<ManagedConnection<T>>> byClient = new ConcurrentHashMap<>();
  private final Map<String, Set<ManagedConnection<T>>> byTopic = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger ready = new AtomicInteger();
  private final Consumer<String> interestChanged;
  private final Consumer<String> clientChanged;

  /**
   * @param interestChanged told the name of a topic that gained its first or lost its last member
   * @param clientChanged told the id of a client that gained its first or lost its last connection
   */
  LocalConnections(Consumer<String> interestChanged, Consumer<String> clientChanged) {
    this.interestChanged = interestChanged;
    this.clientChanged = clientChanged;
  }

  /**
   * Registers the connection unless that would take the node over {@code maxConnections} or its
   * client over {@code maxPerClient} (0: no cap). Exact under concurrency.
   *
   * @return null if registered, otherwise the cap that refused it
   */
  @Nullable RejectReason add(
      ManagedConnection<T> connection, int maxConnections, int maxPerClient) {
    int n;
    do {
      n = count.get();
      if (maxConnections > 0 && n >= maxConnections) {
        return RejectReason.NODE_LIMIT;
      }
    } while (!count.compareAndSet(n, n + 1));
    boolean[] clientFull = {false};
    boolean[] firstOfClient = {false};
    // A client's connections are an immutable set, replaced inside compute, under the bin lock
    // that every change of that client takes: most clients hold one connection, which then costs
    // one small object instead of a concurrent set's table, and a sender iterates a snapshot.
    byClient.compute(
        connection.clientId(),
        (k, set) -> {
          if (set == null) {
            firstOfClient[0] = true;
            return Set.of(connection);
          }
          if (maxPerClient > 0 && set.size() >= maxPerClient) {
            clientFull[0] = true;
            return set;
          }
          return with(set, connection);
        });
    if (clientFull[0]) {
      count.decrementAndGet();
      return RejectReason.CLIENT_LIMIT;
    }
    byId.put(connection.id(), connection);
    if (firstOfClient[0]) {
      clientChanged.accept(connection.clientId());
    }
    return null;
  }

  /** Marks the connection ready, once the application's {@code onOpen} returned. */
  void opened(ManagedConnection<T> connection) {
    if (connection.markOpen()) {
      ready.incrementAndGet();
    }
  }

  /**
   * Unregisters the connection and takes it out of its topics.
   *
   * @param wasReady whether it had been marked ready
   */
  void remove(ManagedConnection<T> connection, boolean wasReady) {
    if (byId.remove(connection.id()) != null) {
      count.decrementAndGet();
      if (wasReady) {
        ready.decrementAndGet();
      }
    }
    if (byClient.computeIfPresent(connection.clientId(), (k, set) -> removeFrom(set, connection))
        == null) {
      clientChanged.accept(connection.clientId());
    }
    for (String topic : connection.joinedTopics()) {
      leave(connection, topic);
    }
  }

  @Nullable ManagedConnection<T> get(String id) {
    return byId.get(id);
  }

  Collection<ManagedConnection<T>> all() {
    return byId.values();
  }

  Set<ManagedConnection<T>> ofClient(String clientId) {
    return byClient.getOrDefault(clientId, Set.of());
  }

  Set<ManagedConnection<T>> inTopic(String topic) {
    return byTopic.getOrDefault(topic, Set.of());
  }

  boolean hasMembers(String topic) {
    return byTopic.containsKey(topic);
  }

  boolean holds(String clientId) {
    return byClient.containsKey(clientId);
  }

  /** Returns the number of connections registered, ready or not: what the caps count. */
  int registered() {
    return count.get();
  }

  /** Returns the number of ready connections. */
  int ready() {
    return ready.get();
  }

  Map<String, Integer> topicSizes() {
    Map<String, Integer> sizes = new HashMap<>();
    byTopic.forEach((topic, members) -> sizes.put(topic, members.size()));
    return sizes;
  }

  /** Adds the connection to the topic; false if the connection is closed. Idempotent. */
  boolean join(ManagedConnection<T> connection, String topic) {
    boolean[] first = {false};
    byTopic.compute(
        topic,
        (k, set) -> {
          if (set == null) {
            set = ConcurrentHashMap.newKeySet();
            first[0] = true;
          }
          set.add(connection);
          return set;
        });
    connection.topicsToJoin().add(topic);
    if (first[0]) {
      interestChanged.accept(topic);
    }
    // remove() takes the connection out of the topics it sees in joinedTopics(); a join racing
    // with it may add the topic after remove() looked, so the joiner cleans up after itself.
    if (connection.isRemoved()) {
      leave(connection, topic);
      return false;
    }
    return true;
  }

  /** Removes the connection from the topic; false if it was not a member. Idempotent. */
  boolean leave(ManagedConnection<T> connection, String topic) {
    boolean[] member = {false};
    boolean[] last = {false};
    byTopic.computeIfPresent(
        topic,
        (k, set) -> {
          member[0] = set.remove(connection);
          last[0] = set.isEmpty();
          return last[0] ? null : set;
        });
    connection.joinedTopics().remove(topic);
    if (last[0]) {
      interestChanged.accept(topic);
    }
    return member[0];
  }

  private static <C> Set<C> with(Set<C> set, C element) {
    Set<C> copy = new HashSet<>(set);
    copy.add(element);
    return Set.copyOf(copy);
  }

  private static <C> @Nullable Set<C> removeFrom(Set<C> set, C element) {
    if (!set.contains(element)) {
      return set;
    }
    Set<C> copy = new HashSet<>(set);
    copy.remove(element);
    return copy.isEmpty() ? null : Set.copyOf(copy);
  }
}
