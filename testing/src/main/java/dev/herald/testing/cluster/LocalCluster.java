package dev.herald.testing.cluster;

import dev.herald.Connection;
import dev.herald.spi.Broker;
import dev.herald.spi.ClusterRegistry;
import dev.herald.spi.Control;
import dev.herald.spi.Envelope;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Makes several managers in one JVM one cluster, with no store between them: each gets a {@link
 * #broker()} and a {@link #registry()} of this cluster. Nothing is lost: each node receives on a
 * thread of its own, in the order each sender sent. For tests of what spans nodes, and the
 * reference the cluster contracts are checked against.
 *
 * <p>This class is thread-safe.
 */
public final class LocalCluster {
  private final Map<String, LocalBroker> brokers = new ConcurrentHashMap<>();
  private final Map<String, Entries> registries = new ConcurrentHashMap<>();

  /** Creates an empty cluster. */
  public LocalCluster() {}

  /** Returns a broker for one new node of this cluster. */
  public Broker broker() {
    return new LocalBroker();
  }

  /** Returns a registry for one new node of this cluster. */
  public ClusterRegistry registry() {
    return new LocalRegistry();
  }

  /** What one incarnation of a node registered. */
  private record Entries(String incarnation, Map<String, String> clients) {}

  private final class LocalBroker implements Broker {
    private final ExecutorService inbox =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "herald-local-cluster");
              thread.setDaemon(true);
              return thread;
            });
    private volatile @Nullable String nodeId;
    private volatile @Nullable Receiver receiver;

    @Override
    public void start(String nodeId, Receiver receiver) {
      this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
      this.receiver = Objects.requireNonNull(receiver, "receiver");
      brokers.put(nodeId, this);
      receiver.connected();
    }

    @Override
    public void publish(Envelope envelope) {
      Predicate<LocalBroker> wants =
          switch (envelope.kind()) {
            case ALL -> other -> true;
            case TOPIC -> other -> other.ask(r -> r.hasLocalMembers(envelope.target()));
            case CLIENT -> other -> other.ask(r -> r.holdsClient(envelope.target()));
            case CONNECTION -> other -> Objects.equals(envelope.node(), other.nodeId);
          };
      send(wants, r -> r.deliver(envelope));
    }

    @Override
    public void control(Control control) {
      Predicate<LocalBroker> wants =
          control.action() == Control.Action.LISTED
              ? other -> Objects.equals(control.node(), other.nodeId)
              : other -> other.ask(r -> r.holdsClient(control.clientId()));
      send(wants, r -> r.control(control));
    }

    @Override
    public void interestChanged(String topic) {}

    @Override
    public void clientChanged(String clientId) {}

    @Override
    public void close() {
      String self = nodeId;
      if (self != null) {
        brokers.remove(self, this);
      }
      inbox.shutdownNow();
    }

    private boolean ask(Predicate<Receiver> question) {
      Receiver r = receiver;
      return r != null && question.test(r);
    }

    private void send(Predicate<LocalBroker> wants, Consumer<Receiver> action) {
      for (LocalBroker other : brokers.values()) {
        Receiver r = other.receiver;
        if (other != this && r != null && wants.test(other)) {
          try {
            other.inbox.execute(() -> action.accept(r));
          } catch (RejectedExecutionException e) {
            // That node is closing.
          }
        }
      }
    }
  }

  private final class LocalRegistry implements ClusterRegistry {
    private volatile @Nullable String nodeId;
    private volatile Entries entries = new Entries("", new ConcurrentHashMap<>());

    @Override
    public void start(String nodeId, String incarnation) {
      this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
      entries = new Entries(incarnation, new ConcurrentHashMap<>());
      // A new incarnation replaces whatever an earlier one left.
      registries.put(nodeId, entries);
    }

    @Override
    public void added(Connection<?> connection) {
      entries.clients().put(connection.id(), connection.clientId());
    }

    @Override
    public void removed(Connection<?> connection) {
      entries.clients().remove(connection.id());
    }

    @Override
    public CompletionStage<Set<String>> nodesOf(String clientId) {
      Set<String> nodes = new HashSet<>();
      registries.forEach(
          (node, registered) -> {
            if (registered.clients().containsValue(clientId)) {
              nodes.add(node);
            }
          });
      return CompletableFuture.completedFuture(Set.copyOf(nodes));
    }

    @Override
    public Set<String> liveNodes() {
      return Set.copyOf(registries.keySet());
    }

    @Override
    public long totalConnections() {
      long total = 0;
      for (Entries registered : registries.values()) {
        total += registered.clients().size();
      }
      return total;
    }

    @Override
    public void close() {
      String self = nodeId;
      if (self != null) {
        registries.remove(self, entries);
      }
    }
  }
}
