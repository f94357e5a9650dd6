package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.fixtures.ManualScheduler;
import dev.herald.spi.ClusterRegistry;
import dev.herald.spi.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** A manager starts everything or nothing: what started is stopped when a later part fails. */
class StartupTest {
  private final List<String> events = new ArrayList<>();

  @Test
  void aBrokerThatFailsToStartStopsTheRegistryAndIsNamed() {
    ConnectionManager.Builder<String> builder =
        ConnectionManager.builder(String.class)
            .scheduler(new ManualScheduler())
            .registry(new Registry())
            .broker(new FakeBroker(true));

    assertThatThrownBy(builder::build)
        .isInstanceOf(HeraldException.class)
        .hasMessage("could not start the broker: no broker here")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(events).containsExactly("registry started", "registry closed");
  }

  @Test
  void aRegistryThatFailsToStartStartsNothingElse() {
    ConnectionManager.Builder<String> builder =
        ConnectionManager.builder(String.class)
            .scheduler(new ManualScheduler())
            .registry(
                new Registry() {
                  @Override
                  public void start(String nodeId, String incarnation) {
                    throw new IllegalStateException("no registry here");
                  }
                })
            .broker(new FakeBroker(false));

    assertThatThrownBy(builder::build)
        .isInstanceOf(HeraldException.class)
        .hasMessage("could not start the registry: no registry here");
    assertThat(events).isEmpty();
  }

  @Test
  void aListenerFactoryIsCalledOnceWithTheManagerBeingBuilt() {
    List<ConnectionManager<String>> seen = new ArrayList<>();
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class)
            .scheduler(new ManualScheduler())
            .listener(
                built -> {
                  seen.add(built);
                  return new ConnectionListener<>() {};
                })
            .build();

    assertThat(seen).containsExactly(manager);
  }

  private class Registry implements ClusterRegistry {
    @Override
    public void start(String nodeId, String incarnation) {
      events.add("registry started");
    }

    @Override
    public void added(Connection<?> connection) {}

    @Override
    public void removed(Connection<?> connection) {}

    @Override
    public CompletionStage<Set<String>> nodesOf(String clientId) {
      return CompletableFuture.completedFuture(Set.of());
    }

    @Override
    public Set<String> liveNodes() {
      return Set.of();
    }

    @Override
    public long totalConnections() {
      return 0;
    }

    @Override
    public void close() {
      events.add("registry closed");
    }
  }

  private class FakeBroker implements dev.herald.spi.Broker {
    private final boolean fails;

    FakeBroker(boolean fails) {
      this.fails = fails;
    }

    @Override
    public void start(String nodeId, Receiver receiver) {
      if (fails) {
        throw new IllegalStateException("no broker here");
      }
      events.add("broker started");
    }

    @Override
    public void publish(Envelope envelope) {}

    @Override
    public void control(dev.herald.spi.Control control) {}

    @Override
    public void interestChanged(String topic) {}

    @Override
    public void clientChanged(String clientId) {}

    @Override
    public void close() {
      events.add("broker closed");
    }
  }
}
