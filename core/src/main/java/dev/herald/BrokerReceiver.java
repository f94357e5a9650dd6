package dev.herald;

import dev.herald.spi.Broker;
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
  public boolean hasLocalMembers(String topic) {
    return hub.connections().hasMembers(topic);
  }

  @Override
  public void gap(String originNode, long missed) {
    hub.gap(originNode, missed);
  }

  @Override
  public void reconnected() {
    hub.counters.brokerReconnects.increment();
  }

  @Override
  public void publishFailed() {
    hub.counters.brokerPublishFailures.increment();
  }
}
