package dev.herald.testing.transport;

/**
 * Checks, over real sockets with real clients, that a transport adapter keeps every contract of
 * Herald: messages both ways and their order, sends to one connection, a client, a topic and
 * everyone, the first frame of a connection, closes and their codes, admission, inbound limits,
 * hostile input, the limits and the timeout of the handshake, slow consumers, heartbeats, shutdown,
 * subprotocols, TLS, and no message or close left waiting while the machine is busy. A transport's
 * test extends it and says how to start its server; it gets every behaviour of the kit:
 *
 * <pre>{@code
 * class MyTransportTest extends TransportContract {
 *   protected Server start(ConnectionManager<?> manager, ServerOptions options) {
 *     MyServer server =
 *         MyServer.builder(manager).address(new InetSocketAddress("127.0.0.1", 0)).build().start();
 *     return Server.of(server.port(), server::close);
 *   }
 * }
 * }</pre>
 *
 * <p>Each test builds its own managers and servers; the kit drains and stops them afterwards. Not
 * thread-safe: JUnit runs one test of an instance at a time.
 */
public abstract class TransportContract extends ContainerTransportContract
    implements HandshakeLimitsContract, HandshakeTimeoutContract {

  /** Creates the kit; subclasses need no constructor. */
  protected TransportContract() {}
}
