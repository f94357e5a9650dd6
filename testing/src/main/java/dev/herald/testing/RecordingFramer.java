package dev.herald.testing;

import dev.herald.spi.Frame;
import dev.herald.spi.Framer;
import dev.herald.spi.Payload;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A framer that wraps payloads without copying and counts how often it was asked to frame.
 *
 * <p>This class is thread-safe.
 */
public final class RecordingFramer implements Framer {
  private final AtomicInteger frames = new AtomicInteger();

  @Override
  public Frame frame(Payload payload) {
    frames.incrementAndGet();
    return new RecordedFrame(payload);
  }

  /** Returns how many frames were built. */
  public int framesBuilt() {
    return frames.get();
  }

  /**
   * A frame that is its payload.
   *
   * @param payload the framed payload
   */
  public record RecordedFrame(Payload payload) implements Frame {
    @Override
    public int size() {
      return payload.size();
    }
  }
}
