package dev.herald.bench.targets;

import dev.herald.Admission;
import dev.herald.Authenticator;
import dev.herald.ConnectionManager;
import dev.herald.HandshakePolicy;
import dev.herald.InboundPolicy;
import dev.herald.transport.javawebsocket.HeraldWebSocketServer;
import dev.herald.transport.netty.HeraldNettyServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * Serves the benchmark protocol with a {@link ConnectionManager} of strings on either transport,
 * with Herald's default policies (heartbeat every 25 s, 1 MiB outbound limit) except the inbound
 * rate limit, which is off, and the handshake policy, which the caller gives.
 *
 * <p>This class is thread-safe.
 */
final class HeraldTarget extends TargetServer {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final ConnectionManager<String> manager;
  private final AutoCloseable server;
  private final int port;

  private HeraldTarget(ConnectionManager<String> manager, AutoCloseable server, int port) {
    this.manager = manager;
    this.server = server;
    this.port = port;
  }

  static HeraldTarget start(InetSocketAddress address, boolean netty, HandshakePolicy handshake) {
    ConnectionManager<String> manager = manager(handshake);
    if (netty) {
      HeraldNettyServer server =
          HeraldNettyServer.builder(manager).address(address).build().start();
      return new HeraldTarget(manager, server, server.port());
    }
    HeraldWebSocketServer server =
        HeraldWebSocketServer.builder(manager).address(address).build().start();
    return new HeraldTarget(manager, server, server.port());
  }

  /** Returns the manager every Herald target serves the benchmark protocol with. */
  static ConnectionManager<String> manager(HandshakePolicy handshake) {
    return ConnectionManager.builder(String.class)
        .handshake(handshake)
        .authenticator(roomAuthenticator())
        // The default of 100 messages/s per connection would close a closed-loop client.
        .inbound(InboundPolicy.defaults().unlimitedRate())
        .listener(EchoBroadcastListener::new)
        .build();
  }

  /**
   * Returns an authenticator that takes the client id from the path and the room from the query.
   */
  private static Authenticator roomAuthenticator() {
    Authenticator byPath = Authenticator.pathSuffix(Convention.PATH_PREFIX);
    return handshake -> {
      Admission admission = byPath.authenticate(handshake);
      String room = handshake.queryParameter("room");
      if (room != null && admission instanceof Admission.Accepted accepted) {
        return Admission.accept(accepted.clientId(), Map.of(EchoBroadcastListener.ROOM, room));
      }
      return admission;
    };
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public int connections() {
    return manager.stats().activeConnections();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the Herald target", e);
    }
  }
}
