package dev.herald;

import dev.herald.spi.Broker;
import dev.herald.spi.Envelope;

/** Delivers what other nodes publish to the connections of one manager. */
final class BrokerReceiver<T> implements Broker.Receiver {
  private final ConnectionManager<T> manager;

  BrokerReceiver(ConnectionManager<T> manager) {
    this.manager = manager;
  }

  @Override
  public void deliver(Envelope envelope) {
    manager.deliverRemote(envelope);
  }

  @Override
  public boolean hasLocalMembers(String topic) {
    return manager.hasLocalMembers(topic);
  }

  @Override
  public void gap(String originNode, long missed) {
    manager.gap(originNode, missed);
  }

  @Override
  public void reconnected() {
    manager.counters.brokerReconnects.increment();
  }

  @Override
  public void publishFailed() {
    manager.counters.brokerPublishFailures.increment();
  }
}
