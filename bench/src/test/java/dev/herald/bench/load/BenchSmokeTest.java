package dev.herald.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs every scenario briefly, at 20 connections against in-process targets, and checks that it
 * works and reports: figures present, nothing failed or went missing. How fast is not checked.
 */
class BenchSmokeTest {
  private static final String[] SHORT = {
    "--in-process", "--warmup", "0.5", "--duration", "1", "--drain", "2", "--max-pending", "20"
  };

  @TempDir Path dir;

  @Test
  void connectOpensEveryConnectionOnEachTarget() throws Exception {
    Report report =
        run(
            new ConnectCommand(),
            "connect",
            "20",
            "--hold",
            "0.5",
            "--target",
            "herald-jws,herald-netty,raw-jws");
    assertThat(report.results()).hasSize(3);
    for (Result result : report.results()) {
      assertThat(result.figure("connections/s")).as(result.target).isPositive();
      if (!result.target.equals("raw-jws")) {
        assertThat(result.figure("failures")).as(result.target + " failures").isZero();
        assertThat(result.figure("drops")).as(result.target + " drops").isZero();
      }
    }
  }

  @Test
  void echoReportsThroughputAndLatency() throws Exception {
    Report report = run(new EchoCommand(), "echo", "20", "--target", "herald-netty,raw-jws");
    for (Result result : report.results()) {
      assertWorked(result, "msg/s");
      assertThat(result.latency.getTotalCount()).isPositive();
    }
    assertThat(report.ratio(report.results().get(0), "msg/s")).isPositive();
  }

  @Test
  void thePeersServeTheSameProtocolAndGiveTheBaseline() throws Exception {
    Report echo =
        run(
            new EchoCommand(),
            "echo",
            "20",
            "--target",
            "herald-netty,plain-netty,node-ws,bun",
            "--baseline",
            "node-ws");
    assertThat(echo.results())
        .extracting(result -> result.target)
        .containsExactly("herald-netty", "plain-netty", "node-ws", "bun");
    for (Result result : echo.results()) {
      assertWorked(result, "msg/s");
    }
    // Node and Bun run as processes of their own even here: the bench reads their CPU from /proc.
    for (Result peer : echo.results().subList(2, 4)) {
      assertThat(peer.params.get("target")).as(peer.target).startsWith("child process pid");
      assertThat(peer.figure("server CPU %")).as(peer.target + " CPU").isPositive();
    }
    assertThat(echo.ratio(echo.results().get(0), "msg/s")).isPositive();
    Report fanout =
        run(new FanoutCommand(), "fanout", "20", "20", "--target", "plain-netty,node-ws,bun");
    for (Result result : fanout.results()) {
      assertWorked(result, "deliveries/s");
    }
  }

  @Test
  void echoRateSendsAtTheRateAndMissesNothing() throws Exception {
    Report report = run(new EchoRateCommand(), "echo-rate", "20", "200", "--target", "herald-jws");
    assertWorked(report.results().get(0), "msg/s");
  }

  @Test
  void fanoutDeliversEveryBroadcast() throws Exception {
    Report report =
        run(new FanoutCommand(), "fanout", "20", "20", "--target", "herald-netty,raw-jws");
    for (Result result : report.results()) {
      assertWorked(result, "deliveries/s");
    }
  }

  @Test
  void chatEchoesAndBroadcastsToTheRoom() throws Exception {
    Report report =
        run(
            new ChatCommand(),
            "chat",
            "20",
            "--room-size",
            "5",
            "--per-client-rate",
            "5",
            "--target",
            "herald-jws");
    Result result = report.results().get(0);
    assertWorked(result, "deliveries/s");
    assertThat(result.broadcastLatency).isNotNull();
  }

  @Test
  void soakPrintsPeriodsAndWritesTheReports() throws Exception {
    Path json = dir.resolve("soak.json");
    Path html = dir.resolve("soak.html");
    Report report =
        run(
            new SoakCommand(),
            "soak",
            "20",
            "--minutes",
            "0.03",
            "--rate",
            "100",
            "--every",
            "1",
            "--target",
            "herald-netty",
            "--json",
            json.toString(),
            "--report",
            html.toString());
    assertWorked(report.results().get(0), "msg/s");
    assertThat(Files.readString(json)).contains("\"scenario\": \"soak\"", "\"timeline\"");
    assertThat(Files.readString(html)).contains("<svg", "polyline").doesNotContain("http");
  }

  /**
   * Checks that a target ran and reported; and, for Herald's own targets, that nothing was lost.
   * Raw Java-WebSocket now and then never sends a message (its write-demand race, see
   * transport-java-websocket/README.md): this suite tests Herald, not the servers it is compared
   * with.
   */
  private static void assertWorked(Result result, String throughput) {
    assertThat(result.figure(throughput)).as(result.target + " " + throughput).isPositive();
    assertThat(result.figure("p99 ms")).as(result.target + " p99").isPositive();
    if (result.target.startsWith("herald-")) {
      assertThat(result.figure("failures")).as(result.target + " failures").isZero();
      assertThat(result.figure("drops")).as(result.target + " drops").isZero();
      assertThat(result.figure("missing")).as(result.target + " missing").isZero();
    }
  }

  private static Report run(ScenarioCommand command, String... args) {
    List<String> all = new ArrayList<>(List.of(args).subList(1, args.length));
    all.addAll(List.of(SHORT));
    int status = new CommandLine(command).execute(all.toArray(new String[0]));
    assertThat(status).as(args[0] + " exit status").isZero();
    Report report = command.report();
    assertThat(report).isNotNull();
    assertThat(report.results()).isNotEmpty();
    return report;
  }
}
