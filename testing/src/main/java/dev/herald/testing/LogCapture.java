package dev.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what the process logs through slf4j-simple, which writes to {@code System.err}, from
 * {@link #start()} until {@link #close()}, and still passes it on to the original stream.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.start()) {
 *   ...
 *   assertThat(log.text()).doesNotContain("WARN");
 * }
 * }</pre>
 *
 * <p>This class is thread-safe: threads that log while it captures write to one synchronized
 * stream.
 */
public final class LogCapture implements AutoCloseable {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final PrintStream original;

  private LogCapture(PrintStream original) {
    this.original = original;
  }

  /** Starts capturing {@code System.err}. */
  public static LogCapture start() {
    LogCapture capture = new LogCapture(System.err);
    System.setErr(new PrintStream(new Tee(capture), true, StandardCharsets.UTF_8));
    return capture;
  }

  /** Returns what was logged since {@link #start()}. */
  public String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  /** Stops capturing: {@code System.err} is the original stream again. */
  @Override
  public void close() {
    System.err.flush();
    System.setErr(original);
  }

  /** Writes to the capture and to the original stream. */
  private static final class Tee extends OutputStream {
    private final LogCapture capture;

    Tee(LogCapture capture) {
      this.capture = capture;
    }

    @Override
    public void write(int b) {
      synchronized (capture.captured) {
        capture.captured.write(b);
      }
      capture.original.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      synchronized (capture.captured) {
        capture.captured.write(bytes, offset, length);
      }
      capture.original.write(bytes, offset, length);
    }

    @Override
    public void flush() {
      capture.original.flush();
    }
  }
}
