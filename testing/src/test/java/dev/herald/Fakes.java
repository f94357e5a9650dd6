package dev.herald;

import dev.herald.spi.Inbound;
import dev.herald.testing.RecordingFramer;
import dev.herald.testing.RecordingTransport;
import java.util.Map;

/** Opens connections on recording transports, in process. */
final class Fakes {
  private static final Handshake HANDSHAKE = Handshake.of("/ws", Map.of(), null);

  private Fakes() {}

  /** A recording transport and the inbound side the manager returned for it. */
  record Peer(RecordingTransport transport, Inbound inbound) {
    String id(ConnectionManager<?> manager) {
      return ((Connection) inbound).id();
    }
  }

  static Peer open(ConnectionManager<?> manager, RecordingFramer framer, String clientId) {
    RecordingTransport transport = new RecordingTransport(framer);
    Inbound inbound = manager.connector().open(transport, HANDSHAKE, Admission.accept(clientId), null);
    transport.reportTo(inbound);
    return new Peer(transport, inbound);
  }
}
