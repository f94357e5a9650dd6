package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.fixtures.RecordingListener;
import dev.herald.fixtures.RecordingTransport;
import dev.herald.spi.Link;
import dev.herald.spi.Payload;
import dev.herald.spi.Transport;
import org.junit.jupiter.api.Test;

/** What the application holds of a connection: enough to reply and manage it, nothing more. */
class ConnectionTest {

  @Test
  void theConnectionACallbackGetsCannotBeCastToAnythingThatInjectsOrWrites() {
    RecordingListener<String> listener = new RecordingListener<>();
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class).listener(listener).build();
    RecordingTransport.open(manager, "c");

    Connection<String> connection = listener.opened().values().iterator().next();

    assertThat(connection).isNotInstanceOf(Link.class).isNotInstanceOf(Transport.class);
    assertThat(connection.getClass().getInterfaces()).containsExactly(Connection.class);
  }

  @Test
  void aCallbackRepliesJoinsAndClosesThroughTheConnection() {
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class)
            .listener(
                new ConnectionListener<>() {
                  @Override
                  public void onMessage(Connection<String> connection, String message) {
                    connection.send("echo: " + message);
                    connection.join("room");
                    if (message.equals("bye")) {
                      connection.close(4000, "as asked");
                    }
                  }
                })
            .build();
    RecordingTransport transport = RecordingTransport.open(manager, "c");

    transport.link().onMessage(Payload.text("hello"));
    assertThat(manager.publish("room", "news")).isEqualTo(1);
    transport.link().onMessage(Payload.text("bye"));

    assertThat(transport.texts()).containsExactly("echo: hello", "news", "echo: bye");
    assertThat(transport.closeCode()).isEqualTo(4000);
    assertThat(manager.stats().topics()).isEmpty();
  }

  @Test
  void aListenerBuiltForTheManagerBroadcastsFromItsCallbacks() {
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class).listener(Chat::new).build();
    RecordingTransport alice = RecordingTransport.open(manager, "alice");
    RecordingTransport bob = RecordingTransport.open(manager, "bob");

    alice.link().onMessage(Payload.text("hi"));

    assertThat(bob.texts()).containsExactly("alice says: hi");
    assertThat(alice.texts()).isEmpty();
  }

  @Test
  void closingWithACodeNoServerMaySendIsRefused() {
    RecordingListener<String> listener = new RecordingListener<>();
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class).listener(listener).build();
    RecordingTransport.open(manager, "c");
    Connection<String> connection = listener.opened().values().iterator().next();

    assertThatThrownBy(() -> connection.close(1006, "no"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a close code a server may send: 1006");
    assertThat(connection.isOpen()).isTrue();
  }

  /** A listener that needs its manager, built from it. */
  private static final class Chat implements ConnectionListener<String> {
    private final ConnectionManager<String> manager;

    Chat(ConnectionManager<String> manager) {
      this.manager = manager;
    }

    @Override
    public void onMessage(Connection<String> connection, String message) {
      manager.broadcast(connection.clientId() + " says: " + message, connection.id());
    }
  }
}
