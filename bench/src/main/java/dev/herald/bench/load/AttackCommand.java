package dev.herald.bench.load;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Attacks a server's handshake on 127.0.0.1 and prints, on one line, what it cost the server and
 * what the attacker saw.
 */
@Command(
    name = "attack",
    mixinStandardHelpOptions = true,
    description = {
      "Attacks the handshake of a server on 127.0.0.1:PORT (start one with 'serve'), bounded in"
          + " time and sockets: 'endless-headers' sends one request head that never ends, as fast"
          + " as the server reads it; 'slowloris' opens --sockets connections and sends each one"
          + " byte of a never-ending head every --interval-ms.",
      "Samples the server's CPU time and RSS from /proc/PID every 250 ms and its heap in use with"
          + " 'jcmd PID GC.heap_info' once a second, then prints one line: server CPU ms, max RSS,"
          + " max heap, and what the attacker saw (answer and when, bytes sent, sockets still"
          + " open)."
    })
final class AttackCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "endless-headers or slowloris.")
  String attack = "";

  @Option(names = "--port", required = true, description = "Port of the server on 127.0.0.1.")
  int port;

  @Option(
      names = "--pid",
      defaultValue = "-1",
      description = "Process id of the server, whose CPU, RSS and heap are sampled.")
  long pid = -1;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "Seconds the attack lasts, 1..600 (default 10).")
  long seconds = 10;

  @Option(
      names = "--sockets",
      defaultValue = "500",
      description = "Slowloris connections, 1..10,000 (default 500).")
  int sockets = 500;

  @Option(
      names = "--interval-ms",
      defaultValue = "1000",
      description =
          "Slowloris: ms between two bytes on each connection, 10..60,000 (default 1000).")
  long intervalMs = 1000;

  private @Nullable String summary;

  @Override
  public Integer call() throws Exception {
    check(
        attack.equals("endless-headers") || attack.equals("slowloris"),
        "unknown attack: " + attack + " (endless-headers or slowloris)");
    check(port >= 1 && port <= 65_535, "port not in 1..65535: " + port);
    check(seconds >= 1 && seconds <= 600, "seconds not in 1..600: " + seconds);
    check(sockets >= 1 && sockets <= 10_000, "sockets not in 1..10,000: " + sockets);
    check(intervalMs >= 10 && intervalMs <= 60_000, "interval-ms not in 10..60,000: " + intervalMs);
    String saw;
    long cpuMs;
    long rssKib;
    long heapKib;
    try (ServerSampler sampler = ServerSampler.start(pid)) {
      saw =
          attack.equals("endless-headers")
              ? new EndlessHeaders(port, seconds).run()
              : new Slowloris(port, seconds, sockets, intervalMs).run();
      cpuMs = sampler.cpuMillis();
      rssKib = sampler.maxRssKib();
      heapKib = sampler.maxHeapKib();
    }
    String line =
        String.format(
            "%s on 127.0.0.1:%d: server CPU %d ms, max RSS %s, max heap %s, load average %.2f;"
                + " attacker: %s",
            attack, port, cpuMs, mib(rssKib), mib(heapKib), ProcStats.loadAverage(), saw);
    summary = line;
    System.out.println(line);
    return 0;
  }

  /** Returns the line the last run printed, or null before one ends. */
  @Nullable String summary() {
    return summary;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static String mib(long kib) {
    return kib < 0 ? "n/a" : String.format("%.1f MiB", kib / 1024.0);
  }
}
