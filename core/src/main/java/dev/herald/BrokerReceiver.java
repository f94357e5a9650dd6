package dev.herald;

import dev.herald.spi.Broker;
import dev.herald.spi.Control;
import dev.herald.spi.Envelope;

/** Delivers what other nodes publish to the connections of one manager. */
final class BrokerReceiver<T> implements Broker.Receiver {
  private final Hub<T> hub;

  BrokerReceiver(Hub<T> hub) {
    this.hub = hub;
  }

  @Override
  public void deliver(Envelope envelope) {
    hub.deliverRemote(envelope);
  }

  @Override
  public void control(Control control) {
    hub.controlRemote(control);
  }

  @Override
  public boolean hasLocalMembers(String topic) {
    return hub.connections().hasMembers(topic);
  }

  @Override
  public boolean holdsClient(String clientId) {
    return hub.connections().holds(clientId);
  }

  @Override
  public void gap(Gap gap) {
    hub.gap(gap);
  }

  @Override
  public void connected() {
    hub.brokerState(BrokerState.CONNECTED);
  }

  @Override
  public void disconnected() {
    hub.brokerState(BrokerState.DISCONNECTED);
  }

  @Override
  public void publishFailed() {
    hub.counters.brokerPublishFailures.increment();
  }

  @Override
  public void published(long nanos) {
    Timings timings = hub.timings();
    if (timings != null) {
      timings.published(nanos);
    }
  }
}
