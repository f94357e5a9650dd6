package dev.herald.examples;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.HeartbeatPolicy;
import dev.herald.OutboundPolicy;
import dev.herald.Overflow;
import dev.herald.codec.json.JsonCodec;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Builds the manager of the README's code sample, so that the sample is compiled with every build
 * and cannot drift from the API.
 */
final class ReadmeSample {
  private ReadmeSample() {}

  /** Returns the README's manager: every chat event is broadcast to everyone. */
  static ConnectionManager<ChatEvent> manager() {
    Relay events = new Relay();
    // The block below is the README's sample, word for word.
    ConnectionManager<ChatEvent> manager = ConnectionManager.builder(JsonCodec.of(ChatEvent.class))
        .heartbeat(HeartbeatPolicy.every(Duration.ofSeconds(25)).timeout(Duration.ofSeconds(10)))
        .outbound(OutboundPolicy.limit(1 << 20).onOverflow(Overflow.DISCONNECT))
        .listener(events)
        .build();
    events.manager = manager;
    return manager;
  }

  /** Broadcasts every event a connection sends. */
  private static final class Relay implements ConnectionListener<ChatEvent> {
    private volatile @Nullable ConnectionManager<ChatEvent> manager;

    @Override
    public void onMessage(Connection connection, ChatEvent event) {
      ConnectionManager<ChatEvent> current = manager;
      if (current != null) {
        current.broadcast(event);
      }
    }
  }
}
