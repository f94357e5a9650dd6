package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * At the file-descriptor limit the HTTP port backs off instead of spinning on the failing accept,
 * and serves again once descriptors are free. The server runs in a child JVM whose limit {@code
 * ulimit -n} lowered, so that this JVM's own limit is not touched; Linux only, for {@code /proc}.
 */
@EnabledOnOs(OS.LINUX)
class DescriptorLimitIT {
  private static final int LIMIT = 400;

  /** Connections beyond the limit, left in the listening socket's backlog to fail each accept. */
  private static final int PENDING = 20;

  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final String CANNOT_ACCEPT = "cannot accept";
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Pattern HTTP_PORT = Pattern.compile("HTTP http://127\\.0\\.0\\.1:(\\d+)/");

  private final List<Socket> sockets = new ArrayList<>();
  private final StringBuffer output = new StringBuffer();
  private Process child;

  @AfterEach
  void stop() throws Exception {
    closeSockets();
    if (child != null) {
      child.destroy();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ServerTransport.class)
  void theHttpPortBacksOffAtTheDescriptorLimitAndServesOnceDescriptorsAreFree(
      ServerTransport transport) throws Exception {
    child = startChild(transport);
    long pid = child.pid();
    await().atMost(STARTUP).until(() -> HTTP_PORT.matcher(output).find() || !child.isAlive());
    Matcher port = HTTP_PORT.matcher(output);
    assertThat(port.find()).as(output.toString()).isTrue();
    int http = Integer.parseInt(port.group(1));
    // Loads what serving takes while the jars can still be opened.
    for (String path : List.of("/health", "/metrics", "/")) {
      assertThat(Servers.get(http, path).statusCode()).isEqualTo(200);
    }

    int free = LIMIT - openDescriptors(pid);
    assertThat(free).as("descriptors the child has left").isPositive();
    for (int i = 0; i < free + PENDING; i++) {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", http), 5_000);
      sockets.add(socket);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> openDescriptors(pid) >= LIMIT);

    await().atMost(Duration.ofSeconds(20)).until(() -> output.indexOf(CANNOT_ACCEPT) >= 0);
    // Measured while the child is still at the limit: it backs off and logs again a second later.
    int failures = occurrences(CANNOT_ACCEPT);
    double cores = coresUsedUntil(pid, () -> occurrences(CANNOT_ACCEPT) >= failures + 2);

    // Backing off, the child used at most 0.015 of a core in ten runs here; the JDK's HttpServer,
    // which retries at once, 0.28 and 0.67 of one on a 2-core machine other builds kept busy.
    assertThat(cores).as("cores the child used at the limit").isLessThan(0.15);
    assertThat(output.toString())
        .contains(CANNOT_ACCEPT + " (java.io.IOException: Too many open files");

    closeSockets();
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> Servers.get(http, "/health").statusCode() == 200);
    assertThat(Servers.get(http, "/health").body()).contains("\"status\":\"healthy\"");
  }

  private Process startChild(ServerTransport transport) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // exec: the child's pid is the JVM's, whose /proc entries are read below.
    Process process =
        new ProcessBuilder(
                "bash",
                "-c",
                "ulimit -n " + LIMIT + " && exec \"$0\" \"$@\"",
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                // The test resources quiet the log to WARN; the line with the ports is INFO.
                "-Dorg.slf4j.simpleLogger.log." + EchoBroadcastServer.class.getName() + "=info",
                EchoBroadcastServer.class.getName(),
                "--transport",
                transport.flag(),
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--http-port",
                "0",
                "--grace",
                "0")
            .redirectErrorStream(true)
            .start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  output.append(line).append('\n');
                }
              } catch (IOException e) {
                output.append("(output lost: ").append(e).append(")\n");
              }
            },
            "child-output");
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  private void closeSockets() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    sockets.clear();
  }

  private static int openDescriptors(long pid) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return (int) fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int occurrences(String text) {
    int count = 0;
    for (int at = output.indexOf(text); at >= 0; at = output.indexOf(text, at + 1)) {
      count++;
    }
    return count;
  }

  /**
   * Returns the CPU time the process used, in cores, from now until {@code done}, over at least
   * {@link #WINDOW}.
   */
  private static double coresUsedUntil(long pid, Callable<Boolean> done) throws Exception {
    long ticksPerSecond = clockTicksPerSecond();
    long startTicks = cpuTicks(pid);
    long start = System.nanoTime();
    await().pollDelay(WINDOW).atMost(Duration.ofSeconds(30)).until(done);
    long ticks = cpuTicks(pid) - startTicks;
    double seconds = (System.nanoTime() - start) / 1e9;
    return ticks / (double) ticksPerSecond / seconds;
  }

  /** Returns user + system time of every thread of the process, in clock ticks. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // Fields after the command name, which is in parentheses and may hold spaces: state is the
    // third field of the line, utime the 14th, stime the 15th.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long clockTicksPerSecond() throws Exception {
    Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
    String ticks = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(getconf.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return Long.parseLong(ticks.trim());
  }
}
