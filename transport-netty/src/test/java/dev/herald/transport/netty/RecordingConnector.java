package dev.herald.transport.netty;

import dev.herald.Admission;
import dev.herald.Handshake;
import dev.herald.spi.Connector;
import dev.herald.spi.Inbound;
import dev.herald.spi.Payload;
import dev.herald.spi.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Hands everything to a manager's connector, serves two subprotocols, and keeps the transports it
 * opens and how often each reported writability.
 */
final class RecordingConnector implements Connector {
  final List<Transport> transports = new CopyOnWriteArrayList<>();
  final List<@Nullable String> subprotocols = new CopyOnWriteArrayList<>();
  final AtomicInteger writableCalls = new AtomicInteger();
  final AtomicInteger pongs = new AtomicInteger();
  private final Connector delegate;

  RecordingConnector(Connector delegate) {
    this.delegate = delegate;
  }

  @Override
  public Admission admit(Handshake handshake) {
    return delegate.admit(handshake);
  }

  @Override
  public Inbound open(
      Transport transport,
      Handshake handshake,
      Admission.Accepted admission,
      @Nullable String subprotocol) {
    transports.add(transport);
    subprotocols.add(subprotocol);
    Inbound inbound = delegate.open(transport, handshake, admission, subprotocol);
    return new Inbound() {
      @Override
      public void onMessage(Payload payload) {
        inbound.onMessage(payload);
      }

      @Override
      public void onPong() {
        pongs.incrementAndGet();
        inbound.onPong();
      }

      @Override
      public void onWritable() {
        writableCalls.incrementAndGet();
        inbound.onWritable();
      }

      @Override
      public void onClose(int code, String reason, boolean remote) {
        inbound.onClose(code, reason, remote);
      }

      @Override
      public void onError(Throwable error) {
        inbound.onError(error);
      }
    };
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
