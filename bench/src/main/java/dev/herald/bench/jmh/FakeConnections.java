package dev.herald.bench.jmh;

import dev.herald.Admission;
import dev.herald.ConnectionManager;
import dev.herald.Handshake;
import dev.herald.spi.Inbound;
import java.util.List;
import java.util.Map;

/** Opens connections on a manager through its connector, as a transport would, on fakes. */
final class FakeConnections {
  /** The headers Netty's WebSocket client sends with an upgrade: what a real handshake holds. */
  static final Map<String, List<String>> CLIENT_HEADERS =
      Map.of(
          "host", List.of("127.0.0.1:8000"),
          "upgrade", List.of("websocket"),
          "connection", List.of("upgrade"),
          "sec-websocket-key", List.of("dGhlIHNhbXBsZSBub25jZQ=="),
          "origin", List.of("http://127.0.0.1:8000"),
          "sec-websocket-version", List.of("13"));

  private FakeConnections() {}

  /**
   * Opens {@code count} connections as clients {@code c0, c1...}, each on a new {@link
   * NullTransport}; returns the inbound side of each, in order.
   */
  static Inbound[] open(
      ConnectionManager<?> manager, int count, Map<String, List<String>> headers) {
    Inbound[] inbounds = new Inbound[count];
    for (int i = 0; i < count; i++) {
      NullTransport transport = new NullTransport();
      String clientId = "c" + i;
      Handshake handshake = Handshake.of("/ws/" + clientId, headers, null);
      Inbound inbound =
          manager.connector().open(transport, handshake, Admission.accept(clientId), null);
      transport.attach(inbound);
      inbounds[i] = inbound;
    }
    return inbounds;
  }
}
