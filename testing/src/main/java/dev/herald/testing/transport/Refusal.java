package dev.herald.testing.transport;

import dev.herald.testing.TestClient;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * How a server refused a connection, whichever way its transport can: an HTTP status on the
 * handshake (Netty), or an upgrade closed at once with 4000 + the status (Java-WebSocket).
 *
 * @param status the HTTP status, such as 403
 * @param reason the reason, when the transport tells it
 */
record Refusal(int status, @Nullable String reason) {
  private static final Duration WAIT = TransportFixture.WAIT;

  /** Connects to {@code uri} and returns the refusal, or null if the connection was accepted. */
  static @Nullable Refusal of(URI uri, Map<String, String> headers) {
    return of(TestClient.connectAsync(uri, headers));
  }

  /** Returns how the connection attempt was refused, or null if it was accepted and stayed open. */
  static @Nullable Refusal of(CompletableFuture<TestClient> attempt) {
    TestClient client;
    try {
      client = attempt.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return new Refusal(refused.getResponse().statusCode(), null);
      }
      throw e;
    }
    try {
      TestClient.Closure closure = client.awaitClose(Duration.ofMillis(500));
      return closure.code() >= 4400 && closure.code() < 4600
          ? new Refusal(closure.code() - 4000, closure.reason())
          : null;
    } catch (CompletionException stillOpen) {
      return null;
    }
  }
}
