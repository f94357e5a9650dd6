package dev.herald.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Holds the options every scenario takes: which targets, pinning, timing, and the outputs. */
final class CommonOptions {
  @Option(
      names = "--target",
      split = ",",
      defaultValue = "herald-jws,herald-netty,raw-jws",
      description =
          "Targets to start, one after the other, each in a child process: herald-jws,"
              + " herald-netty, raw-jws, herald-tomcat, herald-jetty, plain-netty, node-ws, bun"
              + " (default: the first three)."
              + " node-ws and bun need 'npm ci' in bench/peers.")
  List<String> targets = List.of();

  @Option(
      names = "--baseline",
      defaultValue = "raw-jws",
      description = "The target every ratio divides by (default raw-jws).")
  String baseline = "raw-jws";

  @Option(
      names = "--url",
      description =
          "Measure a server already running at this ws://127.0.0.1:PORT address instead of"
              + " starting targets. Only 127.0.0.1 is accepted.")
  @Nullable URI url;

  @Option(
      names = "--pid",
      description = "Process id of the --url server: its RSS and CPU are read from /proc.")
  long pid = -1;

  @Option(
      names = "--in-process",
      description = "Start the targets in this JVM (tests; no pinning).")
  boolean inProcess;

  @Option(
      names = "--pin",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "On Linux with 2+ CPUs, pin the server to --server-cpus and this load generator to"
              + " --client-cpus with taskset (default: on).")
  boolean pin = true;

  @Option(
      names = "--server-cpus",
      defaultValue = "0",
      description = "CPUs of the server (taskset list; default 0).")
  String serverCpus = "0";

  @Option(
      names = "--client-cpus",
      defaultValue = "1",
      description = "CPUs of the load generator (default 1).")
  String clientCpus = "1";

  @Option(
      names = "--server-jvm",
      split = " ",
      defaultValue = "-Xmx2g",
      description = "JVM options of a started target (default: -Xmx2g).")
  List<String> serverJvm = List.of();

  @Option(
      names = "--threads",
      description = "Event-loop threads of the load generator (default: its CPUs).")
  int threads;

  @Option(
      names = "--warmup",
      defaultValue = "3",
      description = "Seconds of workload before measuring (default 3).")
  double warmup = 3;

  @Option(names = "--duration", defaultValue = "10", description = "Seconds measured (default 10).")
  double duration = 10;

  @Option(
      names = "--size",
      defaultValue = "1024",
      description = "Message size in bytes (default 1024).")
  int size = 1024;

  @Option(
      names = "--max-pending",
      defaultValue = "1000",
      description = "Handshakes in flight at most while connecting (default 1000).")
  int maxPending = 1000;

  @Option(
      names = "--connect-timeout",
      defaultValue = "60",
      description =
          "Seconds all connections may take to open; the rest count as failures (default 60).")
  double connectTimeout = 60;

  @Option(
      names = "--handshake-timeout",
      defaultValue = "10",
      description = "Seconds one handshake may take (default 10).")
  double handshakeTimeout = 10;

  @Option(
      names = "--drain",
      defaultValue = "5",
      description =
          "Seconds to wait for late replies after measuring; what is still missing then is reported (default 5).")
  double drain = 5;

  @Option(names = "--json", description = "Write the results as JSON to this file.")
  @Nullable Path json;

  @Option(
      names = "--report",
      description = "Write a self-contained HTML page with the charts to this file.")
  @Nullable Path report;
}
