package dev.herald.transport.netty;

import dev.herald.Admission;
import dev.herald.Handshake;
import dev.herald.HandshakePolicy;
import dev.herald.RejectReason;
import dev.herald.spi.Connector;
import dev.herald.spi.Link;
import dev.herald.spi.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Hands everything to a manager's connector, serves two subprotocols, and keeps what it opened. */
final class RecordingConnector implements Connector {
  final List<@Nullable String> subprotocols = new CopyOnWriteArrayList<>();
  private final Connector delegate;

  RecordingConnector(Connector delegate) {
    this.delegate = delegate;
  }

  @Override
  public Admission admit(Handshake handshake) {
    return delegate.admit(handshake);
  }

  @Override
  public Link open(
      Handshake handshake,
      Admission.Accepted admission,
      @Nullable String subprotocol,
      Function<? super Link, ? extends Transport> transport) {
    subprotocols.add(subprotocol);
    return delegate.open(handshake, admission, subprotocol, transport);
  }

  @Override
  public HandshakePolicy handshakePolicy() {
    return delegate.handshakePolicy();
  }

  @Override
  public void refused(
      RejectReason reason, int status, String why, @Nullable InetSocketAddress remote) {
    delegate.refused(reason, status, why, remote);
  }

  @Override
  public void acceptFailed(Throwable cause) {
    delegate.acceptFailed(cause);
  }

  @Override
  public int maxMessageSize() {
    return delegate.maxMessageSize();
  }

  @Override
  public List<String> subprotocols() {
    return List.of("v2.herald", "v1.herald");
  }
}
