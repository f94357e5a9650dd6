package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Authenticator;
import dev.herald.ConnectionManager;
import dev.herald.HandshakePolicy;
import dev.herald.testing.TestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Checks that a transport's server survives the process's limit of open files (EMFILE on accept):
 * it keeps listening, backs off accepting without spinning, counts each failure in {@code
 * stats().acceptFailures()}, and accepts and serves again once descriptors are free.
 *
 * <p>The server runs in a child JVM started under {@code ulimit -n 256}, from a main class of the
 * transport's tests that calls {@link #serve}:
 *
 * <pre>{@code
 * final class MyLimitedServer {
 *   public static void main(String[] args) throws IOException {
 *     OpenFileLimitContract.serve(manager -> {
 *       MyServer server = MyServer.builder(manager).address(loopbackAnyPort).build().start();
 *       return OpenFileLimitContract.Listener.of(server::port, server::isListening);
 *     });
 *   }
 * }
 * class MyOpenFileLimitTest extends OpenFileLimitContract {
 *   protected Class<?> serverMain() { return MyLimitedServer.class; }
 * }
 * }</pre>
 *
 * <p>Linux only: it needs bash's {@code ulimit} and reads the child's CPU time in {@code /proc}.
 * Not thread-safe: JUnit runs one test of an instance at a time.
 */
@EnabledOnOs(OS.LINUX)
public abstract class OpenFileLimitContract {
  /** The child's limit of open files. */
  static final int LIMIT = 256;

  /** Connections the test opens: more than the child has descriptors for, whatever it uses. */
  static final int CONNECTIONS = LIMIT + 64;

  /** Linux reports CPU time in /proc in ticks of 1/100 s (USER_HZ) on every architecture. */
  private static final double TICKS_PER_SECOND = 100;

  /**
   * The CPU share, of one core, the child may use at the limit: a server that retries accept in a
   * loop uses a whole core. Loose, so that a busy machine passes.
   */
  private static final double MAX_CPU_SHARE = 0.5;

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Creates the test; subclasses need no constructor. */
  protected OpenFileLimitContract() {}

  /** Returns the main class that runs the transport's server through {@link #serve}. */
  protected abstract Class<?> serverMain();

  /** Returns the arguments the main class gets. Default: none. */
  protected List<String> serverArguments() {
    return List.of();
  }

  /** What the child tells of its server. */
  public interface Listener {

    /** Returns the port the server listens on. */
    int port();

    /** Returns whether the server says it still listens. */
    boolean isListening();

    /** Returns a listener whose port and state {@code port} and {@code listening} tell. */
    static Listener of(IntSupplier port, BooleanSupplier listening) {
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(listening, "listening");
      return new Listener() {
        @Override
        public int port() {
          return port.getAsInt();
        }

        @Override
        public boolean isListening() {
          return listening.getAsBoolean();
        }
      };
    }
  }

  /**
   * Runs in the child JVM: starts a server with {@code start} for a manager that echoes messages of
   * clients on {@code /ws/{clientId}}, prints {@code port N}, then answers each {@code stats} line
   * on standard input with {@code stats <acceptFailures> <listening>}, and exits at the end of
   * standard input.
   */
  public static void serve(Function<ConnectionManager<String>, Listener> start) throws IOException {
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class)
            .authenticator(Authenticator.pathSuffix("/ws/"))
            .listener(new Echo())
            // The held connections never send a handshake: they must hold their descriptors for
            // the whole test.
            .handshake(HandshakePolicy.defaults().timeout(Duration.ofMinutes(5)))
            .build();
    Listener server = start.apply(manager);
    PrintStream out = System.out;
    out.println("port " + server.port());
    out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("stats")) {
        out.println("stats " + manager.stats().acceptFailures() + " " + server.isListening());
        out.flush();
      }
    }
    System.exit(0);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aServerAtTheLimitOfOpenFilesBacksOffAndServesAgainOnceDescriptorsAreFree() throws Exception {
    Path log = Files.createTempFile("herald-open-file-limit", ".log");
    Process child = launch(log);
    try (Child server = new Child(child)) {
      int port = Integer.parseInt(server.line("port ").substring(5));
      // Loads the classes a connection needs while descriptors are free: here they come from
      // directories, one open file each, where an application's come from jars opened at start.
      assertEchoes(port, "warm-up");
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < CONNECTIONS; i++) {
          held.add(connect(port));
        }
        long failures =
            await().atMost(WAIT).until(() -> server.stats().acceptFailures(), f -> f > 0);

        long ticks = cpuTicks(child.pid());
        long since = System.nanoTime();
        // Still at the limit: the server keeps trying, with a pause between tries.
        await()
            .pollDelay(Duration.ofMillis(1500))
            .atMost(WAIT)
            .until(() -> server.stats().acceptFailures() >= failures + 2);
        double seconds = (System.nanoTime() - since) / 1e9;
        double share = (cpuTicks(child.pid()) - ticks) / TICKS_PER_SECOND / seconds;
        assertThat(share).as("CPU share of one core at the limit").isLessThan(MAX_CPU_SHARE);
      } finally {
        for (Socket socket : held) {
          socket.close();
        }
      }

      await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertEchoes(port, "again"));
      ChildStats stats = server.stats();
      assertThat(stats.acceptFailures()).isPositive();
      assertThat(stats.listening()).as("isListening()").isTrue();
    } catch (Throwable t) {
      t.addSuppressed(new AssertionError("the child's log:\n" + Files.readString(log)));
      throw t;
    } finally {
      child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    }
  }

  private Process launch(Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add("-c");
    command.add("ulimit -n " + LIMIT + " && exec \"$@\"");
    command.add("bash");
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Few threads and no C2 compiles: the CPU the child uses at the limit is the server's.
    command.add("-Xmx128m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(serverMain().getName());
    command.addAll(serverArguments());
    return new ProcessBuilder(command).redirectError(log.toFile()).start();
  }

  private static void assertEchoes(int port, String message) {
    try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws/c"))) {
      client.send(message);
      assertThat(client.awaitText(Duration.ofSeconds(2))).isEqualTo("Echo: " + message);
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return socket;
  }

  /** Returns the CPU time, user and system, {@code pid} used so far, in ticks. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The fields after the command name, which is in parentheses and may hold spaces: state is
    // the first of them, utime the 12th and stime the 13th.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** The child's answer to {@code stats}. */
  private record ChildStats(long acceptFailures, boolean listening) {}

  /** Talks to the child over its standard streams. */
  private static final class Child implements AutoCloseable {
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Child(Process process) {
      this.commands = process.outputWriter(StandardCharsets.UTF_8);
      BufferedReader answers = process.inputReader(StandardCharsets.UTF_8);
      Thread reader =
          new Thread(
              () -> {
                try {
                  for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // The child ended: the test sees no answer.
                }
              },
              "open-file-limit-child");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits for the child's next line, which must start with {@code prefix}. */
    String line(String prefix) throws InterruptedException {
      String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(line).as("the child's answer").isNotNull().startsWith(prefix);
      return line;
    }

    ChildStats stats() throws IOException, InterruptedException {
      commands.write("stats\n");
      commands.flush();
      String[] answer = line("stats ").split(" ");
      return new ChildStats(Long.parseLong(answer[1]), Boolean.parseBoolean(answer[2]));
    }

    @Override
    public void close() throws IOException {
      commands.close();
    }
  }
}
