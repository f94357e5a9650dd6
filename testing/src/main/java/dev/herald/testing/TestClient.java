package dev.herald.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real WebSocket client for tests, on the JDK's {@code java.net.http} client: it records every
 * message and the close, and waits for them with timeouts. Many instances share one {@link
 * HttpClient} and so one selector thread, which lets a test hold thousands of connections.
 *
 * <p>This class is thread-safe.
 */
public final class TestClient implements AutoCloseable {
  private static final HttpClient SHARED = HttpClient.newHttpClient();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closure> closed = new CompletableFuture<>();
  private final Recorder recorder = new Recorder();
  private volatile @Nullable WebSocket socket;
  private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

  private TestClient() {}

  /** How the server closed the connection (or 1006 if the socket failed). */
  public record Closure(int code, String reason) {}

  /** Connects to {@code uri} and waits for the handshake to complete. */
  public static TestClient connect(URI uri) {
    return connect(uri, Map.of());
  }

  /** Connects to {@code uri} with extra request headers and waits for the handshake. */
  public static TestClient connect(URI uri, Map<String, String> headers) {
    return connectAsync(uri, headers)
        .orTimeout(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .join();
  }

  /** Starts connecting to {@code uri}; the future completes when the handshake does. */
  public static CompletableFuture<TestClient> connectAsync(URI uri, Map<String, String> headers) {
    return connectAsync(SHARED, uri, headers);
  }

  /**
   * Starts connecting to {@code uri} with {@code http}, for example one with a TLS context; the
   * future completes when the handshake does.
   */
  public static CompletableFuture<TestClient> connectAsync(
      HttpClient http, URI uri, Map<String, String> headers) {
    return connectAsync(http, uri, headers, List.of());
  }

  /** Connects to {@code uri} offering {@code subprotocols}, most wanted first, and waits. */
  public static TestClient connect(URI uri, List<String> subprotocols) {
    return connectAsync(SHARED, uri, Map.of(), subprotocols)
        .orTimeout(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .join();
  }

  private static CompletableFuture<TestClient> connectAsync(
      HttpClient http, URI uri, Map<String, String> headers, List<String> subprotocols) {
    TestClient client = new TestClient();
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
    headers.forEach(builder::header);
    if (!subprotocols.isEmpty()) {
      builder.subprotocols(
          subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
    }
    return builder
        .buildAsync(uri, client.recorder)
        .thenApply(
            ws -> {
              client.socket = ws;
              return client;
            });
  }

  /** Sends a text message after every message sent before it. */
  public synchronized void send(String text) {
    lastSend = lastSend.thenCompose(ignored -> socket().sendText(text, true));
  }

  /** Sends a binary message after every message sent before it. */
  public synchronized void send(byte[] bytes) {
    lastSend = lastSend.thenCompose(ignored -> socket().sendBinary(ByteBuffer.wrap(bytes), true));
  }

  /** Sends a ping after every message sent before it; the pong is not recorded. */
  public synchronized void ping() {
    lastSend = lastSend.thenCompose(ignored -> socket().sendPing(ByteBuffer.allocate(0)));
  }

  /** Waits until every message sent so far has been written. */
  public void flush() {
    CompletableFuture<?> pending;
    synchronized (this) {
      pending = lastSend;
    }
    pending.orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Waits for the next text message. */
  public String awaitText(Duration timeout) {
    Object message = next(timeout);
    if (message instanceof String text) {
      return text;
    }
    throw new AssertionError("expected a text message, got " + describe(message));
  }

  /** Waits for the next binary message. */
  public byte[] awaitBinary(Duration timeout) {
    Object message = next(timeout);
    if (message instanceof byte[] bytes) {
      return bytes;
    }
    throw new AssertionError("expected a binary message, got " + describe(message));
  }

  /** Waits for the next {@code count} text messages, each within {@code timeout} of the last. */
  public List<String> awaitTexts(int count, Duration timeout) {
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      texts.add(awaitText(timeout));
    }
    return texts;
  }

  /** Returns the next message if one arrived, text or byte[], without waiting. */
  public @Nullable Object poll() {
    return messages.poll();
  }

  /** Returns the number of messages received and not yet taken. */
  public int pending() {
    return messages.size();
  }

  /** Waits until the connection is closed, and returns how. */
  public Closure awaitClose(Duration timeout) {
    return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  /** Returns the subprotocol the server chose, or the empty string if none. */
  public String subprotocol() {
    return socket().getSubprotocol();
  }

  /** Returns whether the connection has been closed. */
  public boolean isClosed() {
    return closed.isDone();
  }

  /** Sends a close frame with 1000 and stops reading. Does not wait for the server's answer. */
  @Override
  public void close() {
    WebSocket ws = socket;
    if (ws != null && !ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
  }

  /** Drops the TCP connection without a close frame. */
  public void abort() {
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
  }

  private WebSocket socket() {
    WebSocket ws = socket;
    if (ws == null) {
      throw new IllegalStateException("not connected");
    }
    return ws;
  }

  private Object next(Duration timeout) {
    try {
      Object message = messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (message == null) {
        throw new AssertionError(
            "no message within " + timeout + (isClosed() ? "; closed " + closed.join() : ""));
      }
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String describe(Object message) {
    return message instanceof byte[] bytes ? bytes.length + " bytes" : "'" + message + "'";
  }

  /** Reassembles fragmented messages and records them. */
  private final class Recorder implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        messages.add(binary.toByteArray());
        binary.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(new Closure(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(new Closure(1006, String.valueOf(error)));
    }
  }
}
