package dev.herald.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs a real {@code redis-server} process on a loopback port for tests: no persistence, bound to
 * 127.0.0.1, working files in a temporary directory. It can be stopped, killed and restarted on the
 * same port, which is how tests simulate a Redis restart.
 *
 * <p>The binary is {@code redis-server} from the {@code PATH}, or the one the system property
 * {@code herald.redis.server} names.
 *
 * <p>This class is thread-safe.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final int port;
  private final List<String> extraArgs;
  private final Path dir;
  private @Nullable Process process;

  private RedisServer(int port, List<String> extraArgs) {
    if (port == 6379) {
      throw new IllegalArgumentException(
          "port 6379 is reserved for the machine's own Redis: " + port);
    }
    this.port = port;
    this.extraArgs = List.copyOf(extraArgs);
    try {
      this.dir = Files.createTempDirectory("herald-redis-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a server on a free port and waits until it answers PING. */
  public static RedisServer start(String... extraArgs) {
    return start(freePort(), extraArgs);
  }

  /**
   * Starts a server on {@code port} with extra command-line arguments (such as {@code
   * --cluster-enabled yes}) and waits until it answers PING.
   */
  public static RedisServer start(int port, String... extraArgs) {
    RedisServer server = new RedisServer(port, List.of(extraArgs));
    server.restart();
    return server;
  }

  /** Returns a loopback port that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the port the server listens on. */
  public int port() {
    return port;
  }

  /** Returns {@code redis://127.0.0.1:<port>}. */
  public URI uri() {
    return URI.create("redis://127.0.0.1:" + port);
  }

  /** Returns whether the process is running. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Starts the server again on the same port (or the first time) and waits until it answers PING.
   * Does nothing if it runs already.
   *
   * @throws IllegalStateException if it does not answer within ten seconds
   */
  public synchronized void restart() {
    if (isRunning()) {
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("herald.redis.server", "redis-server"));
    command.addAll(
        List.of(
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", dir.toString()));
    command.addAll(extraArgs);
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    }
    Process started = process;
    try {
      await()
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(10))
          .ignoreExceptions()
          .until(() -> !started.isAlive() || answers(call("PING")));
    } catch (RuntimeException e) {
      started.destroyForcibly();
      throw new IllegalStateException("redis-server did not answer PING on port " + port, e);
    }
    if (!started.isAlive()) {
      throw new IllegalStateException(
          "redis-server exited at once with "
              + started.exitValue()
              + " on port "
              + port
              + "; see "
              + dir);
    }
  }

  /** Stops the server as an operator would ({@code SHUTDOWN NOSAVE}) and waits for it to exit. */
  public synchronized void stop() {
    Process running = process;
    if (running == null || !running.isAlive()) {
      return;
    }
    try {
      call("SHUTDOWN NOSAVE");
    } catch (UncheckedIOException expected) {
      // The server closes the connection instead of answering.
    }
    waitFor(running);
  }

  /** Kills the server abruptly (SIGKILL) and waits for it to exit. */
  public synchronized void kill() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
      waitFor(running);
    }
  }

  /**
   * Sends one inline command and returns the reply as text: a status, error or integer reply as its
   * line ({@code +PONG}, {@code -ERR ...}, {@code :3}), a bulk string as its content (empty for
   * nil), an array as its elements joined with newlines.
   *
   * @throws UncheckedIOException if the server does not answer
   */
  public String call(String inlineCommand) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write((inlineCommand + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readReply(new BufferedInputStream(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the server and deletes its working directory. */
  @Override
  public synchronized void close() {
    kill();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "redis-server on 127.0.0.1:" + port;
  }

  private static boolean answers(String reply) {
    // A server started with --requirepass answers NOAUTH: it is up all the same.
    return reply.equals("+PONG") || reply.startsWith("-NOAUTH");
  }

  private static String readReply(InputStream in) throws IOException {
    String line = readLine(in);
    if (line.startsWith("$")) {
      int length = Integer.parseInt(line.substring(1));
      if (length < 0) {
        return "";
      }
      String value = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      readLine(in);
      return value;
    }
    if (line.startsWith("*")) {
      int count = Integer.parseInt(line.substring(1));
      List<String> elements = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        elements.add(readReply(in));
      }
      return String.join("\n", elements);
    }
    return line;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed after '" + line + "'");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private void waitFor(Process running) {
    try {
      if (!running.waitFor(10, TimeUnit.SECONDS)) {
        running.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + this, e);
    }
  }
}
