package dev.herald.bench.jmh;

import dev.herald.spi.Frame;
import dev.herald.spi.Framer;
import dev.herald.spi.Inbound;
import dev.herald.spi.Transport;
import org.jspecify.annotations.Nullable;

/**
 * Plays a transport whose socket takes everything at once: {@link #send} only counts, so that a
 * benchmark sees Herald's own cost per target and nothing of a network library's.
 *
 * <p>This class is thread-safe; the count is approximate under concurrent sends, which is all a
 * benchmark needs to keep the JIT from discarding the call.
 */
final class NullTransport implements Transport {
  private volatile @Nullable Inbound inbound;
  private volatile boolean open = true;
  private int sent;

  void attach(Inbound inbound) {
    this.inbound = inbound;
  }

  int sent() {
    return sent;
  }

  @Override
  public Framer framer() {
    return NullFramer.INSTANCE;
  }

  @Override
  public boolean send(Frame frame) {
    sent++;
    return open;
  }

  @Override
  public void ping() {}

  @Override
  public void close(int code, String reason) {
    end(code, reason);
  }

  @Override
  public void abort() {
    end(1006, "aborted");
  }

  private void end(int code, String reason) {
    open = false;
    Inbound target = inbound;
    if (target != null) {
      target.onClose(code, reason, false);
    }
  }

  @Override
  public long bufferedBytes() {
    return 0;
  }
}
