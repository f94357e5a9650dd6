package dev.herald.bench.jmh;

import dev.herald.Admission;
import dev.herald.ConnectionManager;
import dev.herald.Handshake;
import dev.herald.spi.Link;
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
   * NullTransport}; returns the link of each, where a transport reports its peer, in order.
   */
  static Link[] open(ConnectionManager<?> manager, int count, Map<String, List<String>> headers) {
    Link[] links = new Link[count];
    for (int i = 0; i < count; i++) {
      String clientId = "c" + i;
      Handshake handshake = Handshake.of("/ws/" + clientId, headers, null);
      links[i] =
          manager
              .connector()
              .open(
                  handshake,
                  Admission.accept(clientId),
                  null,
                  link -> {
                    NullTransport transport = new NullTransport();
                    transport.attach(link);
                    return transport;
                  });
    }
    return links;
  }
}
