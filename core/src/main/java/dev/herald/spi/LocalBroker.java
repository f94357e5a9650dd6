package dev.herald.spi;

/**
 * Serves a single node: there is no other node to reach, so publishing costs nothing. The default
 * broker of a manager.
 *
 * <p>Instances are immutable.
 */
public final class LocalBroker implements Broker {
  private static final LocalBroker INSTANCE = new LocalBroker();

  private LocalBroker() {}

  /** Returns the shared instance. */
  public static LocalBroker instance() {
    return INSTANCE;
  }

  @Override
  public void start(String nodeId, Receiver receiver) {}

  @Override
  public void publish(Envelope envelope) {}

  @Override
  public void interestChanged(String topic) {}

  @Override
  public void close() {}
}
