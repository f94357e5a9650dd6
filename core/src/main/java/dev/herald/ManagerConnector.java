package dev.herald;

import dev.herald.spi.Connector;
import dev.herald.spi.Inbound;
import dev.herald.spi.Payload;
import dev.herald.spi.Transport;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Admits handshakes and registers the connections transports open, for one manager. */
final class ManagerConnector<T> implements Connector {
  private final ConnectionManager<T> manager;
  private final AdmissionPolicy policy;
  private final @Nullable TokenBucket connectRate;

  ManagerConnector(ConnectionManager<T> manager, AdmissionPolicy policy) {
    this.manager = manager;
    this.policy = policy;
    this.connectRate =
        policy.connectsPerSecond() > 0
            ? new TokenBucket(policy.connectsPerSecond(), policy.connectBurst(), manager.now())
            : null;
  }

  @Override
  public Admission admit(Handshake handshake) {
    if (manager.isDraining()) {
      return manager.rejected(handshake, RejectReason.DRAINING, 503, "server is shutting down");
    }
    String origin = handshake.header("Origin");
    if (!policy.allowsOrigin(origin)) {
      return manager.rejected(handshake, RejectReason.ORIGIN, 403, "origin not allowed: " + origin);
    }
    if (connectRate != null && !takeConnectToken()) {
      return manager.rejected(
          handshake,
          RejectReason.CONNECT_RATE,
          429,
          "connect rate over " + policy.connectsPerSecond() + "/s");
    }
    // A first, cheap look at the caps, so that most refusals get an HTTP status; open() enforces
    // them exactly.
    if (policy.maxConnections() > 0 && manager.connectionCount() >= policy.maxConnections()) {
      return nodeFull(handshake);
    }
    Admission admission;
    try {
      admission = manager.authenticate(handshake);
    } catch (RuntimeException e) {
      manager.report(null, e);
      admission = Admission.reject(500, "authenticator failed");
    }
    if (admission instanceof Admission.Rejected rejected) {
      return manager.rejected(handshake, RejectReason.AUTHENTICATION, rejected.status(), rejected.reason());
    }
    Admission.Accepted accepted = (Admission.Accepted) admission;
    if (policy.maxConnectionsPerClient() > 0
        && manager.connectionsOf(accepted.clientId()).size() >= policy.maxConnectionsPerClient()) {
      return clientFull(handshake);
    }
    return accepted;
  }

  @Override
  public Inbound open(
      Transport transport,
      Handshake handshake,
      Admission.Accepted admission,
      @Nullable String subprotocol) {
    if (manager.isDraining()) {
      manager.rejected(handshake, RejectReason.DRAINING, 503, "server is shutting down");
      transport.close(1001, "server shutting down");
      return ClosedInbound.INSTANCE;
    }
    ManagedConnection<T> connection =
        manager.newConnection(transport, handshake, admission, subprotocol);
    RejectReason over =
        manager.register(connection, policy.maxConnections(), policy.maxConnectionsPerClient());
    if (over != null) {
      Admission.Rejected rejected =
          over == RejectReason.NODE_LIMIT ? nodeFull(handshake) : clientFull(handshake);
      // The upgrade is done: the refusal can only be a close code, 4000 + the HTTP status.
      transport.close(4000 + rejected.status(), rejected.reason());
      return ClosedInbound.INSTANCE;
    }
    return connection;
  }

  @Override
  public int maxMessageSize() {
    return manager.inboundPolicy().maxMessageSize();
  }

  @Override
  public List<String> subprotocols() {
    return manager.subprotocols();
  }

  private Admission.Rejected nodeFull(Handshake handshake) {
    return manager.rejected(
        handshake,
        RejectReason.NODE_LIMIT,
        503,
        "node holds its maximum of " + policy.maxConnections() + " connections");
  }

  private Admission.Rejected clientFull(Handshake handshake) {
    return manager.rejected(
        handshake,
        RejectReason.CLIENT_LIMIT,
        429,
        "client holds its maximum of " + policy.maxConnectionsPerClient() + " connections");
  }

  private boolean takeConnectToken() {
    synchronized (connectRate) {
      return connectRate.tryTake(manager.now());
    }
  }

  /** The inbound of a connection refused after its upgrade: ignores everything. */
  private static final class ClosedInbound implements Inbound {
    static final ClosedInbound INSTANCE = new ClosedInbound();

    @Override
    public void onMessage(Payload payload) {}

    @Override
    public void onPong() {}

    @Override
    public void onWritable() {}

    @Override
    public void onClose(int code, String reason, boolean remote) {}

    @Override
    public void onError(Throwable error) {}
  }
}
