package dev.herald.examples;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.HeartbeatPolicy;
import dev.herald.OutboundPolicy;
import dev.herald.Overflow;
import dev.herald.codec.json.JsonCodec;
import java.time.Duration;

/**
 * Builds the manager of the README's code sample, so that the sample is compiled with every build
 * and cannot drift from the API.
 */
final class ReadmeSample {
  private ReadmeSample() {}

  /** Returns the README's manager: every chat event is broadcast to everyone. */
  static ConnectionManager<ChatEvent> manager() {
    // The block below is the README's sample, word for word.
    ConnectionManager<ChatEvent> manager =
        ConnectionManager.builder(JsonCodec.of(ChatEvent.class))
            .heartbeat(
                HeartbeatPolicy.defaults()
                    .interval(Duration.ofSeconds(25))
                    .timeout(Duration.ofSeconds(10)))
            .outbound(OutboundPolicy.defaults().limit(1 << 20).onOverflow(Overflow.DISCONNECT))
            .listener(ChatRelay::new)
            .build();
    return manager;
  }

  /** The README's listener: made with the manager, it replies and broadcasts. */
  static final class ChatRelay implements ConnectionListener<ChatEvent> {
    private final ConnectionManager<ChatEvent> manager;

    ChatRelay(ConnectionManager<ChatEvent> manager) {
      this.manager = manager;
    }

    @Override
    public void onMessage(Connection<ChatEvent> connection, ChatEvent event) {
      connection.send(event); // reply on the connection itself
      manager.broadcast(event, connection.id()); // and tell everyone else
    }
  }
}
