package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Connection;
import dev.herald.fixtures.RecordingListener;
import dev.herald.testing.TestClient;
import org.junit.jupiter.api.Test;

/** A listener that throws, even an Error, harms only its own call: not the I/O thread. */
interface ThrowingListenerContract extends TransportFixture {

  @Test
  default void aThrowingListenerHarmsOnlyItsOwnCall() {
    RecordingListener<String> listener =
        new RecordingListener<>() {
          @Override
          public void onMessage(Connection<String> connection, String message) {
            switch (message) {
              case "exception" -> throw new IllegalStateException("listener bug");
              case "error" -> throw new StackOverflowError("deep listener bug");
              default -> connection.send("Echo: " + message);
            }
          }
        };
    Served<String> served = serve(TransportFixture.clients().listener(listener));
    TestClient thrower = served.connect("thrower");
    TestClient bystander = served.connect("bystander");

    thrower.send("exception");
    thrower.send("error");
    thrower.send("still alive");
    bystander.send("fine");

    assertThat(thrower.awaitText(WAIT)).isEqualTo("Echo: still alive");
    assertThat(bystander.awaitText(WAIT)).isEqualTo("Echo: fine");
    await().atMost(WAIT).until(() -> listener.errors().size() == 2);
    assertThat(listener.errors())
        .hasExactlyElementsOfTypes(IllegalStateException.class, StackOverflowError.class);
    assertThat(served.manager().stats().handlerErrors()).isEqualTo(2);
    assertThat(served.manager().stats().activeConnections()).isEqualTo(2);
  }
}
