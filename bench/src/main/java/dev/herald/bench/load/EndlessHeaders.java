package dev.herald.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one upgrade request whose head never ends, header line after header line as fast as the
 * server takes them, and reports what the server answered and how much it took first.
 *
 * <p>Not thread-safe.
 */
final class EndlessHeaders {
  private static final byte[] START =
      "GET /ws/attacker HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHUNK =
      "X-Endless: 0123456789abcdef0123456789abcdef\r\n"
          .repeat(64)
          .getBytes(StandardCharsets.US_ASCII);

  private final int port;
  private final long seconds;

  EndlessHeaders(int port, long seconds) {
    this.port = port;
    this.seconds = seconds;
  }

  /** Runs the attack for at most its seconds and returns what the attacker saw. */
  String run() throws IOException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong sent = new AtomicLong();
    AtomicLong stoppedAt = new AtomicLong(-1);
    StringBuilder answer = new StringBuilder();
    AtomicLong answeredAt = new AtomicLong(-1);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      Thread reader = thread("reader", () -> read(in, answer, answeredAt, start));
      Thread writer =
          thread(
              "writer",
              () -> {
                try {
                  out.write(START);
                  while (System.nanoTime() < deadline && answeredAt.get() < 0) {
                    out.write(CHUNK);
                    sent.addAndGet(CHUNK.length);
                  }
                } catch (IOException e) {
                  stoppedAt.set(millisSince(start));
                }
              });
      writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      String stop =
          stoppedAt.get() >= 0
              ? "writes refused after " + stoppedAt.get() + " ms"
              : writer.isAlive()
                  ? "time up, a write blocked (server not reading)"
                  : answeredAt.get() >= 0 ? "stopped at the answer" : "time up, writes still taken";
      // Closing the socket ends a write the server no longer reads.
      socket.close();
      writer.join(5_000);
      reader.join(5_000);
      String status;
      synchronized (answer) {
        status = answer.toString().split("\r\n", 2)[0];
      }
      return String.format(
          "sent %.2f MiB; %s; answer %s",
          sent.get() / 1048576.0,
          stop,
          status.isEmpty() ? "none" : "'" + status + "' at " + answeredAt.get() + " ms");
    }
  }

  private static void read(
      InputStream in, StringBuilder answer, AtomicLong answeredAt, long start) {
    byte[] buffer = new byte[512];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        answeredAt.compareAndSet(-1, millisSince(start));
        synchronized (answer) {
          if (answer.length() < 4096) {
            answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
          }
        }
      }
    } catch (IOException e) {
      // A reset after the answer, or our own close at the end: the answer so far is the result.
    }
  }

  private static Thread thread(String name, Runnable body) {
    Thread thread = new Thread(body, "endless-headers-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
