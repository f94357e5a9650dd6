package dev.herald.bench.jmh;

import dev.herald.spi.Frame;
import dev.herald.spi.Link;
import dev.herald.spi.Transport;
import org.jspecify.annotations.Nullable;

/**
 * Plays a transport whose socket takes everything at once: woken, it takes every frame the stream
 * holds on the waking thread and reports it written, so that a benchmark sees Herald's own cost per
 * target and nothing of a network library's.
 *
 * <p>This class is thread-safe; the count is approximate under concurrent wakes, which is all a
 * benchmark needs to keep the JIT from discarding the work.
 */
final class NullTransport implements Transport {
  private volatile @Nullable Link link;
  private int written;

  void attach(Link attached) {
    this.link = attached;
  }

  int written() {
    return written;
  }

  @Override
  public void wake() {
    Link current = link;
    if (current == null) {
      return;
    }
    Frame frame;
    while ((frame = current.poll()) != null) {
      current.written(frame.size());
      written++;
      if (frame instanceof Frame.Close close) {
        current.onClose(close.code(), close.reason(), false);
      }
    }
  }

  @Override
  public void abort() {
    Link current = link;
    if (current != null) {
      current.onClose(1006, "aborted", false);
    }
  }
}
