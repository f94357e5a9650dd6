package dev.herald.bench.load;

import dev.herald.bench.targets.TargetServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs one scenario against each target in turn and reports. Subclasses say what the clients do.
 *
 * <p>Not thread-safe.
 */
abstract class ScenarioCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();
  @Spec @Nullable CommandSpec spec;
  private @Nullable Report report;

  /** Whether to pin, decided once: pinning this process changes what it sees of the CPUs. */
  private boolean pinned;

  /** Returns the plan for a target at {@code base}, with {@code threads} client event loops. */
  abstract LoadPlan plan(URI base, int threads);

  /** Returns the report of the last call, or null before one. */
  @Nullable Report report() {
    return report;
  }

  /** Returns a plan with the common options filled in. */
  LoadPlan plan(
      URI base,
      int threads,
      int connections,
      String idPrefix,
      int roomSize,
      Workload workload,
      double rate,
      int inflight,
      double connectRate,
      Duration hold,
      Duration duration,
      int periodSeconds) {
    return new LoadPlan(
        spec == null ? "scenario" : spec.name(),
        base,
        connections,
        idPrefix,
        roomSize,
        workload,
        rate,
        inflight,
        common.size,
        connectRate,
        common.maxPending,
        seconds(common.warmup),
        duration,
        hold,
        seconds(common.connectTimeout),
        seconds(common.drain),
        threads,
        periodSeconds,
        // An open loop that falls this far behind measures a queue, not the server: it stops.
        Math.max(10_000, (long) (rate * 10)));
  }

  static Duration seconds(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    pinned = pinnable();
    String pinning = pin(out);
    int threads = common.threads > 0 ? common.threads : Runtime.getRuntime().availableProcessors();
    List<Result> results = new ArrayList<>();
    if (common.url != null) {
      try (TargetHandle target = TargetHandle.external(common.url, common.pid)) {
        results.add(runAgainst(target, threads, out));
      }
    } else {
      for (String label : common.targets) {
        TargetServer.Kind kind = TargetServer.Kind.parse(label.trim());
        try (TargetHandle target = start(kind)) {
          results.add(runAgainst(target, threads, out));
        }
      }
    }
    Report done = new Report(commandLine(), Machine.describe(), pinning, results, common.baseline);
    report = done;
    done.print(out);
    if (common.json != null) {
      done.writeJson(common.json);
      out.println("JSON written to " + common.json);
    }
    if (common.report != null) {
      HtmlReport.write(done, common.report);
      out.println("HTML report written to " + common.report);
    }
    return 0;
  }

  private Result runAgainst(TargetHandle target, int threads, PrintStream out)
      throws InterruptedException {
    LoadPlan plan = plan(target.uri(), threads);
    out.println(
        "== "
            + plan.scenario()
            + " "
            + plan.connections()
            + " against "
            + target.label()
            + " at "
            + target.uri()
            + " ("
            + target.where()
            + "), load generator: "
            + threads
            + " event loop(s)");
    Result result;
    try (LoadClient client = new LoadClient(threads, (int) (common.handshakeTimeout * 1000))) {
      if (plan.workload() == Workload.IDLE && target.pid() > 0) {
        // A first round touches the server's young generation, which a JVM keeps resident once
        // used: without it, the RSS delta would charge those pages to the connections.
        out.println(
            "warm-up round: "
                + plan.connections()
                + " connections opened and closed first,"
                + " so that the RSS baseline includes the heap the server already touched");
        Result cold =
            new LoadRun(plan, target.label() + " (warm-up)", target.pid(), out).run(client);
        Thread.sleep(1000);
        result = new LoadRun(plan, target.label(), target.pid(), out).run(client);
        result.put("cold RSS per 1k MiB", cold.figure("RSS per 1k MiB"));
        // The live heap is measured against the fresh server: after the warm-up round the server
        // may still be releasing the connections it just lost, which would shrink the difference.
        result.put("live heap per 1k MiB", cold.figure("live heap per 1k MiB"));
        result.put("cold connections/s", cold.figure("connections/s"));
      } else {
        result = new LoadRun(plan, target.label(), target.pid(), out).run(client);
      }
      result.params.put("target", target.where());
      result.params.put(
          "client", (client.isEpoll() ? "epoll" : "nio") + ", " + threads + " event loop(s)");
    }
    return result;
  }

  private TargetHandle start(TargetServer.Kind kind) throws IOException {
    if (common.inProcess) {
      return TargetHandle.inProcess(kind);
    }
    return TargetHandle.child(kind, pinned ? common.serverCpus : null, common.serverJvm);
  }

  private boolean pinnable() {
    return common.pin
        && !common.inProcess
        && Runtime.getRuntime().availableProcessors() >= 2
        && Files.isExecutable(Path.of("/usr/bin/taskset"));
  }

  /**
   * Pins this process (and the --url server, given its pid); returns what it did, for the output.
   */
  private String pin(PrintStream out) throws IOException, InterruptedException {
    if (!pinned) {
      String why =
          common.inProcess
              ? "in-process targets share this JVM"
              : "--no-pin, one CPU, or no taskset";
      out.println("pinning: none (" + why + ")");
      return "none (" + why + ")";
    }
    taskset(common.clientCpus, ProcStats.self());
    String pinning = "load generator on CPU " + common.clientCpus + " (taskset)";
    if (common.url == null) {
      pinning += ", each started target on CPU " + common.serverCpus + " (taskset)";
    } else if (common.pid > 0) {
      taskset(common.serverCpus, common.pid);
      pinning += ", server pid " + common.pid + " on CPU " + common.serverCpus + " (taskset)";
    } else {
      pinning += ", external server not pinned (no --pid)";
    }
    out.println("pinning: " + pinning);
    return pinning;
  }

  private static void taskset(String cpus, long pid) throws IOException, InterruptedException {
    Process taskset =
        new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
      throw new IOException("taskset -a -p -c " + cpus + " " + pid + " failed");
    }
  }

  private String commandLine() {
    StringBuilder line = new StringBuilder("java -jar bench/target/herald-bench.jar");
    if (spec != null) {
      if (spec.root() == spec) {
        line.append(' ').append(spec.name());
      }
      for (String arg : spec.root().commandLine().getParseResult().originalArgs()) {
        line.append(' ').append(arg.contains(" ") ? "'" + arg + "'" : arg);
      }
    }
    return line.toString();
  }
}
