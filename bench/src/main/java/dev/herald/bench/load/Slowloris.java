package dev.herald.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens many connections and sends each an upgrade request one byte per interval, a head that never
 * ends, and reports how many the server closed, when, and how many are still open at the end.
 *
 * <p>Not thread-safe.
 */
final class Slowloris {
  private static final byte[] START =
      "GET /ws/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FILLER = "X-a: b\r\n".getBytes(StandardCharsets.US_ASCII);

  private final int port;
  private final long seconds;
  private final int sockets;
  private final long intervalMs;

  Slowloris(int port, long seconds, int sockets, long intervalMs) {
    this.port = port;
    this.seconds = seconds;
    this.sockets = sockets;
    this.intervalMs = intervalMs;
  }

  /** Runs the attack for its seconds and returns what the attacker saw. */
  String run() throws IOException, InterruptedException {
    List<SocketChannel> channels = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    int refused = 0;
    try {
      for (int i = 0; i < sockets; i++) {
        try {
          SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
          channel.configureBlocking(false);
          channels.add(channel);
        } catch (IOException e) {
          refused++;
        }
      }
      long[] position = new long[channels.size()];
      long[] closedAt = new long[channels.size()];
      boolean[] answered = new boolean[channels.size()];
      Arrays.fill(closedAt, -1);
      ByteBuffer sink = ByteBuffer.allocate(4096);
      while (System.nanoTime() < deadline) {
        for (int i = 0; i < channels.size(); i++) {
          if (closedAt[i] >= 0) {
            continue;
          }
          try {
            sink.clear();
            int read = channels.get(i).read(sink);
            answered[i] |= read > 0;
            if (read < 0) {
              throw new IOException("closed by the server");
            }
            channels.get(i).write(ByteBuffer.wrap(new byte[] {next(position[i]++)}));
          } catch (IOException e) {
            closedAt[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          }
        }
        Thread.sleep(intervalMs);
      }
      return summary(closedAt, answered, refused);
    } finally {
      for (SocketChannel channel : channels) {
        channel.close();
      }
    }
  }

  private String summary(long[] closedAt, boolean[] answered, int refused) {
    int open = 0;
    int answers = 0;
    long firstClose = Long.MAX_VALUE;
    long lastClose = -1;
    for (int i = 0; i < closedAt.length; i++) {
      if (answered[i]) {
        answers++;
      }
      if (closedAt[i] < 0) {
        open++;
      } else {
        firstClose = Math.min(firstClose, closedAt[i]);
        lastClose = Math.max(lastClose, closedAt[i]);
      }
    }
    return String.format(
        "%d sockets, 1 byte every %d ms for %d s: %d still open at the end, %d closed by the"
            + " server%s, %d answered before the close, %d refused at connect",
        sockets,
        intervalMs,
        seconds,
        open,
        closedAt.length - open,
        lastClose < 0 ? "" : " (between " + firstClose + " and " + lastClose + " ms)",
        answers,
        refused);
  }

  /** Returns byte {@code index} of a head that never ends: the request line, then filler lines. */
  private static byte next(long index) {
    return index < START.length
        ? START[(int) index]
        : FILLER[(int) ((index - START.length) % FILLER.length)];
  }
}
