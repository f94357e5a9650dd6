package dev.herald.bench;

import dev.herald.codec.json.JsonCodec;
import dev.herald.codec.msgpack.MsgpackCodec;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Measures JSON against MessagePack on a chat message of about 1 KB as JSON: encode, decode, and
 * both, in operations per second; the bytes on the wire are printed at setup.
 *
 * <p>Decoding wraps the wire bytes in a new payload each time, as a transport does for each inbound
 * frame, so JSON pays its UTF-8 validation and MessagePack its copy and scan on every operation.
 *
 * <p>Run: {@code java -cp bench/target/herald-bench.jar org.openjdk.jmh.Main CodecBenchmark}.
 *
 * <p>This class is thread-safe once set up: the benchmark methods only read its state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class CodecBenchmark {

  /**
   * A chat message as an application would send it. Instances are immutable.
   *
   * @param type the message type
   * @param clientId who sent it
   * @param room where it was sent
   * @param text what it says
   * @param timestamp when, in epoch milliseconds
   * @param sequence the sender's sequence number
   * @param mentions the client ids it mentions
   * @param metadata free-form attributes
   */
  public record ChatMessage(
      String type,
      String clientId,
      String room,
      String text,
      long timestamp,
      long sequence,
      List<String> mentions,
      Map<String, String> metadata) {}

  /**
   * A message of numbers rather than text (for example a game state or telemetry update), where
   * MessagePack's binary numbers matter most. Instances are immutable.
   *
   * @param type the message type
   * @param clientId who sent it
   * @param timestamp when, in epoch milliseconds
   * @param positions small integers, such as coordinates
   * @param readings fractional values
   */
  public record NumericMessage(
      String type,
      String clientId,
      long timestamp,
      List<Integer> positions,
      List<Double> readings) {}

  /** The message encoded: {@code chat} is the 1 KB chat message, {@code numeric} the contrast. */
  @Param({"chat", "numeric"})
  public String shape;

  /** The codec: {@code json} or {@code msgpack}. */
  @Param({"json", "msgpack"})
  public String format;

  private Codec<Object> codec;
  private Object message;
  private byte[] wire;
  private boolean text;

  /** Builds the codec and the message, and prints the message's size on the wire. */
  @Setup
  public void setUp() {
    message = "chat".equals(shape) ? chatMessage() : numericMessage();
    Class<?> type = message.getClass();
    codec = "json".equals(format) ? codecOf(JsonCodec.of(type)) : codecOf(MsgpackCodec.of(type));
    text = "json".equals(format);
    Payload payload = codec.encode(message);
    wire = new byte[payload.size()];
    payload.bytes().get(wire);
    if (!codec.decode(frame()).equals(message)) {
      throw new IllegalStateException(format + " does not round trip " + message);
    }
    System.out.println();
    System.out.println("wire bytes: " + shape + " as " + format + " = " + wire.length);
  }

  /** Encodes the message. */
  @Benchmark
  public Payload encode() {
    return codec.encode(message);
  }

  /** Decodes the message from a newly received frame. */
  @Benchmark
  public Object decode() {
    return codec.decode(frame());
  }

  /** Encodes the message and decodes the result: one send and one receive. */
  @Benchmark
  public Object encodeAndDecode() {
    Payload payload = codec.encode(message);
    byte[] bytes = new byte[payload.size()];
    payload.bytes().get(bytes);
    return codec.decode(text ? Payload.utf8(bytes) : Payload.binary(bytes));
  }

  private Payload frame() {
    return text ? Payload.utf8(wire) : Payload.binary(wire);
  }

  @SuppressWarnings("unchecked")
  private static Codec<Object> codecOf(Codec<?> codec) {
    return (Codec<Object>) codec;
  }

  private static ChatMessage chatMessage() {
    String text =
        "Morning all! Quick update before standup: the deploy of 4.2 went out at 06:10 and the"
            + " error rate is back under 0.1%. Thanks to everyone who stayed late to chase the"
            + " connection leak, it turned out to be the proxy idle timeout (60 s) closing sockets"
            + " the pool still thought were alive. I have opened a ticket to make the heartbeat"
            + " interval configurable per route and to log the close reason at WARN. Two open"
            + " questions for today: do we keep the old endpoint for the mobile clients until the"
            + " next app release, and who can review the migration script? Also, lunch is on me"
            + " if the dashboards stay green until Friday. PS: the runbook now has a section on"
            + " draining a node before maintenance, please read it before your next on-call shift.";
    return new ChatMessage(
        "chat.message",
        "user-7f3a9c2e-41d8-4b6a-9e1f-2c5d8a0b7e43",
        "team-platform-ops",
        text,
        1_764_330_000_123L,
        48_211L,
        List.of("user-1a2b3c", "user-4d5e6f", "user-7a8b9c"),
        Map.of("client", "web/5.14.2", "locale", "en-GB", "replyTo", "msg-20251128-000913"));
  }

  private static NumericMessage numericMessage() {
    List<Integer> positions = IntStream.range(0, 80).map(i -> (i * 7919) % 4096).boxed().toList();
    List<Double> readings =
        IntStream.range(0, 20).mapToObj(i -> Math.round(Math.sin(i) * 1e6) / 1e3).toList();
    return new NumericMessage(
        "telemetry",
        "user-7f3a9c2e-41d8-4b6a-9e1f-2c5d8a0b7e43",
        1_764_330_000_123L,
        positions,
        readings);
  }
}
