package dev.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.CodecException;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Checks what every {@link Codec} must do: round trip its messages, encode to its frame type,
 * reject the other frame type and malformed input with a {@link CodecException} and nothing else,
 * and serve several threads at once.
 *
 * <p>A codec's test extends this class and supplies the codec, sample messages and malformed
 * payloads; it may add tests of its own. Garbage inputs come from a fixed seed, so a failure
 * repeats.
 *
 * <p>Not thread-safe: JUnit makes one instance per test.
 *
 * @param <T> the codec's message type
 */
public abstract class CodecContract<T> {

  private static final int GARBAGE_INPUTS = 2_000;
  private static final long SEED = 0x4E7A1DL;

  /** Returns the codec under test. */
  protected abstract Codec<T> codec();

  /** Returns messages that must round trip; at least one, the more varied the better. */
  protected abstract List<T> samples();

  /**
   * Returns the frame type the codec encodes to: {@code Payload.Text} or {@code Payload.Binary}.
   */
  protected abstract Class<? extends Payload> frameType();

  /**
   * Returns payloads of the codec's frame type that it must reject with a {@link CodecException}.
   * The default is none.
   */
  protected List<Payload> malformed() {
    return List.of();
  }

  /**
   * Returns whether an empty frame of the codec's type is a valid message (as the empty string is);
   * if not, decoding it must throw {@link CodecException}. The default is false.
   */
  protected boolean emptyFrameIsAMessage() {
    return false;
  }

  /**
   * Asserts that {@code actual}, decoded from the encoding of {@code expected}, is the same
   * message. The default compares with {@code equals} (arrays by content); override for types
   * without a useful {@code equals}.
   */
  protected void assertSameMessage(T actual, T expected) {
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void roundTripsEverySample() {
    List<T> samples = samples();
    assertThat(samples).as("samples").isNotEmpty();
    for (T sample : samples) {
      assertSameMessage(codec().decode(codec().encode(sample)), sample);
    }
  }

  @Test
  void encodesToItsFrameType() {
    for (T sample : samples()) {
      assertThat(codec().encode(sample)).isInstanceOf(frameType());
    }
  }

  @Test
  void encodesTheSameMessageToEqualPayloads() {
    for (T sample : samples()) {
      assertThat(codec().encode(sample)).isEqualTo(codec().encode(sample));
    }
  }

  @Test
  void decodingLeavesThePayloadIntactAndRepeatable() {
    for (T sample : samples()) {
      Payload payload = codec().encode(sample);
      byte[] before = bytesOf(payload);
      T first = codec().decode(payload);
      T second = codec().decode(payload);
      assertThat(bytesOf(payload)).isEqualTo(before);
      assertSameMessage(second, first);
    }
  }

  @Test
  void rejectsTheOtherFrameType() {
    for (T sample : samples()) {
      Payload other = otherFrameType(bytesOf(codec().encode(sample)));
      assertThatThrownBy(() -> codec().decode(other))
          .as("decoding %s", other)
          .isInstanceOf(CodecException.class);
    }
  }

  @Test
  void rejectsAnEmptyFrameOfTheOtherType() {
    Payload other = otherFrameType(new byte[0]);
    assertThatThrownBy(() -> codec().decode(other)).isInstanceOf(CodecException.class);
  }

  @Test
  void decodesOrRejectsAnEmptyFrameAsDeclared() {
    Payload empty = frame(new byte[0]);
    if (emptyFrameIsAMessage()) {
      assertThat(codec().encode(codec().decode(empty))).isEqualTo(empty);
    } else {
      assertThatThrownBy(() -> codec().decode(empty)).isInstanceOf(CodecException.class);
    }
  }

  @Test
  void rejectsMalformedPayloads() {
    for (Payload payload : malformed()) {
      assertThatThrownBy(() -> codec().decode(payload))
          .as("decoding %s: %s", payload, hex(bytesOf(payload)))
          .isInstanceOf(CodecException.class);
    }
  }

  @Test
  void decodesOrRejectsRandomBytesWithCodecExceptionOnly() {
    Random random = new Random(SEED);
    for (int i = 0; i < GARBAGE_INPUTS; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      decodeOrReject(bytes);
    }
  }

  @Test
  void decodesOrRejectsMutatedEncodingsWithCodecExceptionOnly() {
    Random random = new Random(SEED);
    List<byte[]> encodings = samples().stream().map(s -> bytesOf(codec().encode(s))).toList();
    for (int i = 0; i < GARBAGE_INPUTS; i++) {
      byte[] bytes = encodings.get(random.nextInt(encodings.size())).clone();
      if (bytes.length == 0) {
        continue;
      }
      // Flipped bytes inside a valid encoding reach deeper into a decoder than random bytes do.
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      decodeOrReject(bytes);
    }
  }

  @Test
  void decodesOrRejectsEveryTruncationWithCodecExceptionOnly() {
    for (T sample : samples()) {
      byte[] bytes = bytesOf(codec().encode(sample));
      for (int length = 0; length < bytes.length; length++) {
        decodeOrReject(Arrays.copyOf(bytes, length));
      }
    }
  }

  @Test
  void servesSeveralThreadsAtOnce() throws Exception {
    int threads = Math.max(4, Runtime.getRuntime().availableProcessors());
    List<T> samples = samples();
    // Shared payloads: decoding one payload on several threads at once is part of the contract.
    List<Payload> shared = samples.stream().map(codec()::encode).toList();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<Void> task =
            () -> {
              start.await();
              for (int round = 0; round < 200; round++) {
                for (int i = 0; i < samples.size(); i++) {
                  T sample = samples.get(i);
                  Payload payload = codec().encode(sample);
                  assertThat(payload).isEqualTo(shared.get(i));
                  assertSameMessage(codec().decode(payload), sample);
                  assertSameMessage(codec().decode(shared.get(i)), sample);
                }
              }
              return null;
            };
        results.add(executor.submit(task));
      }
      start.countDown();
      for (Future<Void> result : results) {
        result.get(1, TimeUnit.MINUTES);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  /** Returns a payload of the codec's frame type holding {@code bytes}. */
  protected final Payload frame(byte[] bytes) {
    return frameType() == Payload.Text.class ? Payload.utf8(bytes) : Payload.binary(bytes);
  }

  private Payload otherFrameType(byte[] bytes) {
    return frameType() == Payload.Text.class ? Payload.binary(bytes) : Payload.utf8(bytes);
  }

  private void decodeOrReject(byte[] bytes) {
    Payload payload = frame(bytes);
    try {
      codec().decode(payload);
    } catch (CodecException expected) {
      // Rejecting garbage is fine; anything other than a CodecException is not.
    } catch (RuntimeException | Error e) {
      throw new AssertionError("decoding " + hex(bytes) + " threw " + e, e);
    }
  }

  private static byte[] bytesOf(Payload payload) {
    byte[] bytes = new byte[payload.size()];
    payload.bytes().get(bytes);
    return bytes;
  }

  private static String hex(byte[] bytes) {
    return bytes.length > 256
        ? HexFormat.of().formatHex(bytes, 0, 256) + "... (" + bytes.length + " bytes)"
        : HexFormat.of().formatHex(bytes);
  }
}
