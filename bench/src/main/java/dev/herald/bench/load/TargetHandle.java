package dev.herald.bench.load;

import dev.herald.bench.targets.TargetServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Holds the server a run measures: a child JVM the bench started (optionally pinned to CPUs with
 * {@code taskset}), a target in this process, or a server already running at a URL.
 *
 * <p>Not thread-safe.
 */
final class TargetHandle implements AutoCloseable {
  private final String label;
  private final URI uri;
  private final long pid;
  private final @Nullable Process process;
  private final @Nullable TargetServer inProcess;
  private final String where;

  private TargetHandle(
      String label,
      URI uri,
      long pid,
      @Nullable Process process,
      @Nullable TargetServer inProcess,
      String where) {
    this.label = label;
    this.uri = uri;
    this.pid = pid;
    this.process = process;
    this.inProcess = inProcess;
    this.where = where;
  }

  /**
   * Returns a handle on a server the user runs at {@code uri}, with process id {@code pid} or -1.
   */
  static TargetHandle external(URI uri, long pid) {
    return new TargetHandle(
        uri.toString(), uri, pid, null, null, pid > 0 ? "external, pid " + pid : "external");
  }

  /**
   * Starts a target of {@code kind} in this process, for tests and quick looks; a peer that does
   * not run on the JVM is started as a process of its own, not pinned.
   */
  static TargetHandle inProcess(TargetServer.Kind kind) throws IOException {
    if (!kind.jvm()) {
      return child(kind, null, List.of());
    }
    TargetServer server = TargetServer.start(kind, new InetSocketAddress("127.0.0.1", 0));
    return new TargetHandle(kind.label(), base(server.port()), -1, null, server, "in-process");
  }

  /**
   * Starts a target of {@code kind} as a child process, pinned to {@code cpus} with taskset if
   * {@code cpus} is not null, and waits until it listens: a JVM on this process's class path with
   * {@code jvmOptions}, or the peer's own runtime (Node, Bun).
   */
  static TargetHandle child(TargetServer.Kind kind, @Nullable String cpus, List<String> jvmOptions)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (cpus != null) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    if (kind.jvm()) {
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.addAll(
          List.of(
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
              "-cp",
              System.getProperty("java.class.path"),
              TargetServer.class.getName(),
              "--target",
              kind.label(),
              "--port",
              "0"));
    } else {
      command.addAll(Peers.command(kind));
    }
    File log = File.createTempFile("herald-bench-" + kind.label() + "-", ".log");
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
    // taskset replaces itself with the server, so the child's pid is the server's.
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = lines.readLine();
    // JVM options such as -XX:StartFlightRecording print their own lines first.
    while (line != null && !line.startsWith("LISTENING ")) {
      line = lines.readLine();
    }
    if (line == null) {
      process.destroyForcibly();
      throw new IOException("target " + kind.label() + " did not start; see " + log);
    }
    int port = Integer.parseInt(line.substring("LISTENING ".length()).trim());
    String where =
        (kind.jvm() ? "child JVM pid " : "child process pid ")
            + process.pid()
            + (cpus != null ? ", pinned to CPU " + cpus + " (taskset)" : ", not pinned")
            + ", log "
            + log;
    return new TargetHandle(kind.label(), base(port), process.pid(), process, null, where);
  }

  private static URI base(int port) {
    return URI.create("ws://127.0.0.1:" + port);
  }

  String label() {
    return label;
  }

  URI uri() {
    return uri;
  }

  long pid() {
    return pid;
  }

  String where() {
    return where;
  }

  @Override
  public void close() {
    if (inProcess != null) {
      inProcess.close();
    }
    Process child = process;
    if (child != null) {
      child.destroy();
      try {
        if (!child.waitFor(5, TimeUnit.SECONDS)) {
          child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        child.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
