package dev.herald.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Connection;
import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import dev.herald.testing.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Transports.class)
class ThrowingHandlerTest {
  @Parameter Transports transport;

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void aThrowingHandlerHarmsOnlyItsOwnCall() {
    AtomicReference<ConnectionManager<String>> manager = new AtomicReference<>();
    RecordingListener<String> listener =
        new RecordingListener<String>() {
          @Override
          public void onMessage(Connection connection, String message) {
            switch (message) {
              case "exception" -> throw new IllegalStateException("handler bug");
              case "error" -> throw new StackOverflowError("deep handler bug");
              default -> manager.get().sendTo(connection.id(), "Echo: " + message);
            }
          }
        };
    try (TestServer<String> server = TestServer.start(transport, ConnectionManager.builder(String.class).listener(listener))) {
      manager.set(server.manager);
      TestClient thrower = server.connect("thrower");
      TestClient bystander = server.connect("bystander");

      thrower.send("exception");
      thrower.send("error");
      thrower.send("still alive");
      bystander.send("fine");

      assertThat(thrower.awaitText(WAIT)).isEqualTo("Echo: still alive");
      assertThat(bystander.awaitText(WAIT)).isEqualTo("Echo: fine");
      await().atMost(WAIT).until(() -> listener.errors().size() == 2);
      assertThat(listener.errors())
          .hasExactlyElementsOfTypes(IllegalStateException.class, StackOverflowError.class);
      assertThat(server.manager.stats().handlerErrors()).isEqualTo(2);
      assertThat(server.manager.stats().activeConnections()).isEqualTo(2);
    }
  }
}
