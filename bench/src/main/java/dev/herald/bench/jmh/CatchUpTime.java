package dev.herald.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.Admission;
import dev.herald.ConnectionManager;
import dev.herald.HistoryPolicy;
import dev.herald.codec.json.JsonCodec;
import dev.herald.codec.json.JsonProtocol;
import dev.herald.transport.javawebsocket.HeraldWebSocketServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Measures how long a client of the Herald protocol takes to recover {@code missed} publications of
 * 1 KB over a real socket on 127.0.0.1: from sending its subscribe with a position to receiving the
 * last missed one. Beside it, the same number of publications sent live, from the first publish to
 * the last one received, as the yardstick of the same machine in the same run. Run it with {@code
 * java -cp herald-bench.jar dev.herald.bench.jmh.CatchUpTime [missed] [rounds]}.
 */
public final class CatchUpTime {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private CatchUpTime() {}

  /** Prints the median and the 90th percentile of both, over the rounds after a warm-up. */
  public static void main(String[] args) throws Exception {
    int missed = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    ConnectionManager<JsonNode> manager =
        ConnectionManager.builder(JsonCodec.of(JsonNode.class))
            .clientProtocol(JsonProtocol.v1(), JsonCodec.of(JsonNode.class))
            .history(HistoryPolicy.of("*", missed, Duration.ofHours(1)).maxBytes(1L << 32))
            .authenticator(handshake -> Admission.accept("bench"))
            .build();
    HeraldWebSocketServer server =
        HeraldWebSocketServer.builder(manager)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .build()
            .start();
    URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws/bench");
    JsonNode message = JSON.createObjectNode().put("text", "x".repeat(1000));
    double[] catchUps = new double[rounds];
    double[] lives = new double[rounds];
    for (int round = -5; round < rounds; round++) {
      String topic = "t" + round;
      for (int i = 0; i < missed; i++) {
        manager.publish(topic, message);
      }
      String epoch = epochOf(uri, topic);
      double catchUp = receive(uri, topic, epoch, missed, () -> {});
      String liveTopic = "live" + round;
      double live =
          receive(
              uri,
              liveTopic,
              null,
              missed,
              () -> {
                for (int i = 0; i < missed; i++) {
                  manager.publish(liveTopic, message);
                }
              });
      if (round >= 0) {
        catchUps[round] = catchUp;
        lives[round] = live;
      }
    }
    server.close();
    manager.shutdown(Duration.ofSeconds(1));
    Arrays.sort(catchUps);
    Arrays.sort(lives);
    System.out.printf(
        Locale.ROOT,
        "%d missed publications of 1 KB, %d rounds: catch-up median %.1f ms, p90 %.1f ms;"
            + " the same sent live: median %.1f ms, p90 %.1f ms; ratio of medians %.2f%n",
        missed,
        rounds,
        catchUps[rounds / 2],
        catchUps[rounds * 9 / 10],
        lives[rounds / 2],
        lives[rounds * 9 / 10],
        catchUps[rounds / 2] / lives[rounds / 2]);
  }

  /** Returns the epoch of {@code topic}, from a subscribe without a position. */
  private static String epochOf(URI uri, String topic) throws Exception {
    AtomicReference<String> epoch = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    WebSocket socket =
        connect(
            uri,
            frame -> {
              if (frame.path("type").asText().equals("subscribed")) {
                epoch.set(frame.path("epoch").asText());
                done.countDown();
              }
            });
    socket.sendText(subscribe(topic, null), true);
    if (!done.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no reply to the subscribe");
    }
    socket.abort();
    return Objects.requireNonNull(epoch.get());
  }

  /**
   * Subscribes to {@code topic} (from offset 0 of {@code epoch} if it is not null), runs {@code
   * after}, and returns the milliseconds until {@code count} publications arrived.
   */
  private static double receive(
      URI uri, String topic, @Nullable String epoch, int count, Runnable after) throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    CountDownLatch subscribed = new CountDownLatch(1);
    CountDownLatch received = new CountDownLatch(count);
    WebSocket socket =
        connect(
            uri,
            frame -> {
              String type = frame.path("type").asText();
              if (type.equals("connected")) {
                connected.countDown();
              } else if (type.equals("subscribed")) {
                if (epoch != null && !frame.path("recovered").asBoolean()) {
                  throw new IllegalStateException("not recovered: " + frame);
                }
                subscribed.countDown();
              } else if (type.equals("publication")) {
                received.countDown();
              }
            });
    connected.await(10, TimeUnit.SECONDS);
    long start = System.nanoTime();
    socket.sendText(subscribe(topic, epoch), true);
    if (epoch == null) {
      subscribed.await(10, TimeUnit.SECONDS);
      start = System.nanoTime();
      after.run();
    }
    if (!received.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("only " + (count - received.getCount()) + " arrived");
    }
    double millis = (System.nanoTime() - start) / 1e6;
    socket.abort();
    return millis;
  }

  private static String subscribe(String topic, @Nullable String epoch) {
    return "{\"type\":\"subscribe\",\"id\":1,\"topic\":\""
        + topic
        + "\""
        + (epoch == null ? "" : ",\"epoch\":\"" + epoch + "\",\"offset\":0")
        + "}";
  }

  private static WebSocket connect(URI uri, Consumer<JsonNode> frames) {
    return HTTP.newWebSocketBuilder()
        .subprotocols("herald.v1.json")
        .buildAsync(
            uri,
            new WebSocket.Listener() {
              private final StringBuilder text = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                  try {
                    frames.accept(JSON.readTree(text.toString()));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  text.setLength(0);
                }
                ws.request(1);
                return CompletableFuture.completedFuture(null);
              }
            })
        .join();
  }
}
