package dev.herald.testing.transport;

import dev.herald.ConnectionManager;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;

/**
 * Checks, over real sockets with real clients, every contract of Herald that a transport adapter
 * keeps inside a server it does not own, such as a servlet container: messages both ways and their
 * order, sends to one connection, a client, a topic and everyone, the first frame of a connection,
 * closes and their codes, admission, inbound limits, hostile frames, slow consumers, heartbeats,
 * shutdown, subprotocols, TLS, and no message or close left waiting while the machine is busy. What
 * it leaves out are the limits on the HTTP request itself, which such a server enforces by its own
 * settings: {@link TransportContract} adds them for a transport that runs its own server.
 *
 * <pre>{@code
 * class MyContainerTest extends ContainerTransportContract {
 *   protected Server start(ConnectionManager<?> manager, ServerOptions options) {
 *     MyContainer server = MyContainer.start(manager.connector());
 *     return Server.of(server.port(), server::stop);
 *   }
 * }
 * }</pre>
 *
 * <p>Each test builds its own managers and servers; the kit drains and stops them afterwards. Not
 * thread-safe: JUnit runs one test of an instance at a time.
 */
public abstract class ContainerTransportContract
    implements TransportFixture,
        MessagesContract,
        OrderingContract,
        SendToContract,
        BroadcastContract,
        FirstFrameContract,
        TopicContract,
        CloseContract,
        AdmissionContract,
        InboundLimitsContract,
        HostileInputContract,
        ProtocolContract,
        Rfc6455Contract,
        ServerCloseCodeContract,
        SlowConsumerContract,
        BurstContract,
        HeartbeatContract,
        ShutdownContract,
        ChurnContract,
        SubprotocolContract,
        ThrowingListenerContract,
        TlsContract,
        PeerDropContract,
        StallContract {
  private final List<Runnable> stops = new ArrayList<>();

  /** Creates the kit; subclasses need no constructor. */
  protected ContainerTransportContract() {}

  /**
   * Starts a server of the transport under test on 127.0.0.1 and a free port, handing its
   * connections to {@code manager}, and returns once it listens.
   *
   * @param options the socket send buffer and TLS context the server must use, if any
   */
  protected abstract Server start(ConnectionManager<?> manager, ServerOptions options)
      throws Exception;

  /** A running server, as the kit needs it. */
  public interface Server {

    /** Returns the port it listens on. */
    int port();

    /** Stops the server; idempotent. The kit drains the manager before. */
    void stop();

    /** Returns a server listening on {@code port} that {@code stop} stops. */
    static Server of(int port, Runnable stop) {
      Objects.requireNonNull(stop, "stop");
      return new Server() {
        @Override
        public int port() {
          return port;
        }

        @Override
        public void stop() {
          stop.run();
        }
      };
    }
  }

  @Override
  public final <T> Served<T> serve(ConnectionManager.Builder<T> builder, ServerOptions options) {
    ConnectionManager<T> manager = builder.build();
    Server server;
    try {
      server = start(manager, options);
    } catch (Exception e) {
      manager.shutdown(Duration.ZERO);
      throw new AssertionError("the transport under test did not start", e);
    }
    stops.add(
        () -> {
          manager.shutdown(Duration.ofSeconds(5));
          server.stop();
        });
    String scheme = options.tls() != null ? "wss" : "ws";
    return new Served<>(manager, URI.create(scheme + "://127.0.0.1:" + server.port()));
  }

  @AfterEach
  final void stopServers() {
    for (Runnable stop : stops) {
      stop.run();
    }
    stops.clear();
  }
}
