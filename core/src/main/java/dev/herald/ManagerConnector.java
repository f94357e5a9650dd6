package dev.herald;

import dev.herald.spi.Connector;
import dev.herald.spi.Link;
import dev.herald.spi.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Admits handshakes and registers the connections transports open, for one manager. */
final class ManagerConnector<T> implements Connector {
  private final Hub<T> hub;
  private final AdmissionPolicy policy;
  private final HandshakePolicy handshakes;
  private final Authenticator authenticator;
  private final @Nullable TokenBucket connectRate;

  ManagerConnector(
      Hub<T> hub, AdmissionPolicy policy, HandshakePolicy handshakes, Authenticator authenticator) {
    this.hub = hub;
    this.policy = policy;
    this.handshakes = handshakes;
    this.authenticator = authenticator;
    this.connectRate =
        policy.connectsPerSecond() > 0
            ? new TokenBucket(policy.connectsPerSecond(), policy.connectBurst(), hub.now())
            : null;
  }

  @Override
  public Admission admit(Handshake handshake) {
    if (hub.isDraining()) {
      return hub.rejected(handshake, RejectReason.DRAINING, 503, "server is shutting down");
    }
    String origin = handshake.header("Origin");
    if (!policy.allowsOrigin(origin)) {
      return hub.rejected(handshake, RejectReason.ORIGIN, 403, "origin not allowed: " + origin);
    }
    if (connectRate != null && !takeConnectToken(connectRate)) {
      return hub.rejected(
          handshake,
          RejectReason.CONNECT_RATE,
          429,
          "connect rate over " + policy.connectsPerSecond() + "/s");
    }
    // A first, cheap look at the caps, so that most refusals get an HTTP status; open() enforces
    // them exactly.
    if (policy.maxConnections() > 0 && hub.connections().registered() >= policy.maxConnections()) {
      return nodeFull(handshake);
    }
    Admission admission;
    try {
      admission = authenticator.authenticate(handshake);
      if (admission == null) {
        throw new IllegalStateException("authenticator returned null");
      }
    } catch (RuntimeException e) {
      hub.report(null, e);
      admission = Admission.reject(500, "authenticator failed");
    }
    if (admission instanceof Admission.Rejected rejected) {
      return hub.rejected(
          handshake, RejectReason.AUTHENTICATION, rejected.status(), rejected.reason());
    }
    Admission.Accepted accepted = (Admission.Accepted) admission;
    if (policy.maxConnectionsPerClient() > 0
        && hub.connections().ofClient(accepted.clientId()).size()
            >= policy.maxConnectionsPerClient()) {
      return clientFull(handshake);
    }
    return accepted;
  }

  @Override
  public Link open(
      Handshake handshake,
      Admission.Accepted admission,
      @Nullable String subprotocol,
      Function<? super Link, ? extends Transport> transport) {
    ManagedConnection<T> connection =
        hub.newConnection(handshake, admission, subprotocol, transport);
    if (hub.isDraining()) {
      hub.rejected(handshake, RejectReason.DRAINING, 503, "server shutting down");
      connection.refuse(1001, "server shutting down");
      return connection.link();
    }
    RejectReason over = hub.register(connection, policy);
    if (over != null) {
      Admission.Rejected rejected =
          over == RejectReason.NODE_LIMIT ? nodeFull(handshake) : clientFull(handshake);
      // The upgrade is done: the refusal can only be a close code, 4000 + the HTTP status.
      connection.refuse(4000 + rejected.status(), rejected.reason());
    }
    return connection.link();
  }

  @Override
  public HandshakePolicy handshakePolicy() {
    return handshakes;
  }

  @Override
  public void refused(
      RejectReason reason, int status, String why, @Nullable InetSocketAddress remote) {
    hub.refusedRequest(reason, status, why, remote);
  }

  @Override
  public void acceptFailed(Throwable cause) {
    hub.acceptFailed(cause);
  }

  @Override
  public int maxMessageSize() {
    return hub.inbound().maxMessageSize();
  }

  @Override
  public List<String> subprotocols() {
    return hub.subprotocols();
  }

  private Admission.Rejected nodeFull(Handshake handshake) {
    return hub.rejected(
        handshake,
        RejectReason.NODE_LIMIT,
        503,
        "node holds its maximum of " + policy.maxConnections() + " connections");
  }

  private Admission.Rejected clientFull(Handshake handshake) {
    return hub.rejected(
        handshake,
        RejectReason.CLIENT_LIMIT,
        429,
        "client holds its maximum of " + policy.maxConnectionsPerClient() + " connections");
  }

  private boolean takeConnectToken(TokenBucket bucket) {
    synchronized (bucket) {
      return bucket.tryTake(hub.now());
    }
  }
}
