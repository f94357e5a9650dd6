package dev.herald.bench.jmh;

import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.HeartbeatPolicy;
import dev.herald.InboundPolicy;
import dev.herald.transport.javawebsocket.HeraldWebSocketServer;
import dev.herald.transport.netty.HeraldNettyServer;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures what one broadcast costs per target on a real transport: a server in this JVM holds N
 * real connections opened by a load-generator child process (so that the two ends do not share this
 * process's open-file limit), and for rounds of broadcasts of one 1 KiB text message it takes the
 * wall time until every target's queue has been written out, the CPU time of this process, and the
 * bytes allocated by all of its threads (the transport's I/O threads included), each divided by
 * broadcasts x targets. The clients run on CPU 1 ({@code taskset}), the server is meant to run on
 * CPU 0.
 *
 * <pre>{@code
 * taskset -c 0 java -Xmx2g -cp bench/target/herald-bench.jar dev.herald.bench.jmh.SocketBroadcastCost netty 10000
 * taskset -c 0 java -Xmx2g -cp bench/target/herald-bench.jar dev.herald.bench.jmh.SocketBroadcastCost java-websocket 10000
 * }</pre>
 *
 * <p>Not a JMH benchmark because its figures are process-wide: JMH's allocation profiler would miss
 * what the event loops allocate, and its op time would include none of the writes.
 */
public final class SocketBroadcastCost {
  private static final int WARMUP_ROUNDS = 3;
  private static final int ROUNDS = 5;
  private static final int BROADCASTS_PER_ROUND = 200;

  private SocketBroadcastCost() {}

  /** Runs the measurement: {@code [netty|java-websocket] [connections] [message bytes]}. */
  public static void main(String[] args) throws Exception {
    String transport = args.length > 0 ? args[0] : "netty";
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    Queue<Connection<String>> open = new ConcurrentLinkedQueue<>();
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class)
            .heartbeat(HeartbeatPolicy.disabled())
            .inbound(InboundPolicy.defaults().unlimitedRate())
            .listener(
                new ConnectionListener<>() {
                  @Override
                  public void onOpen(Connection<String> connection) {
                    open.add(connection);
                    // The load generator counts a connection once it is welcomed.
                    connection.send("Connected as client " + connection.clientId());
                  }
                })
            .build();
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
    AutoCloseable server;
    int port;
    if (transport.equals("netty")) {
      HeraldNettyServer netty =
          HeraldNettyServer.builder(manager).address(loopback).build().start();
      port = netty.port();
      server = netty;
    } else {
      HeraldWebSocketServer jws =
          HeraldWebSocketServer.builder(manager).address(loopback).build().start();
      port = jws.port();
      server = jws;
    }
    Process clients = startClients(port, connections);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (open.size() < connections) {
        if (System.nanoTime() > deadline || !clients.isAlive()) {
          throw new IllegalStateException(
              "only " + open.size() + " of " + connections + " connected");
        }
        Thread.sleep(100);
      }
      List<Connection<String>> targets = new ArrayList<>(open);
      awaitDrained(targets);
      String message = "x".repeat(size);
      for (int i = 0; i < WARMUP_ROUNDS; i++) {
        round(manager, targets, message);
      }
      Figures[] rounds = new Figures[ROUNDS];
      for (int i = 0; i < ROUNDS; i++) {
        rounds[i] = round(manager, targets, message);
        System.out.println(rounds[i].line("round " + (i + 1)));
      }
      System.out.println(
          Figures.median(rounds)
              .line(transport + ", " + connections + " targets, median of " + ROUNDS));
    } finally {
      clients.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      manager.shutdown(Duration.ofSeconds(1));
      server.close();
    }
  }

  private static Process startClients(int port, int connections) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    File log = File.createTempFile("herald-broadcast-clients-", ".log");
    List<String> command = new ArrayList<>();
    // The server is meant to run under taskset -c 0: the clients take the other core.
    if (new File("/usr/bin/taskset").canExecute()) {
      command.addAll(List.of("/usr/bin/taskset", "-c", "1"));
    }
    command.addAll(
        List.of(
            java,
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.herald.bench.load.HeraldBench",
            "connect",
            Integer.toString(connections),
            "--url",
            "ws://127.0.0.1:" + port,
            "--hold",
            "1800",
            "--connect-timeout",
            "120",
            "--no-pin"));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }

  private static Figures round(
      ConnectionManager<String> manager, List<Connection<String>> targets, String message) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long allocatedBefore = allocated(threads);
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < BROADCASTS_PER_ROUND; i++) {
      manager.broadcast(message);
      awaitDrained(targets);
    }
    long wall = System.nanoTime() - start;
    long cpu = os.getProcessCpuTime() - cpuBefore;
    long allocatedBytes = allocated(threads) - allocatedBefore;
    double perTarget = (double) BROADCASTS_PER_ROUND * targets.size();
    return new Figures(wall / perTarget, cpu / perTarget, allocatedBytes / perTarget);
  }

  /** Waits, without burning the CPU the event loops need, until every target wrote everything. */
  private static void awaitDrained(List<Connection<String>> targets) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Connection<String> target : targets) {
      while (target.isOpen() && target.queuedBytes() > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              target + " still holds " + target.queuedBytes() + " bytes");
        }
        LockSupport.parkNanos(50_000);
      }
    }
  }

  private static long allocated(com.sun.management.ThreadMXBean threads) {
    long[] ids = threads.getAllThreadIds();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(ids)) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  /** One round's figures, per target of one broadcast. */
  private record Figures(double wallNanos, double cpuNanos, double allocatedBytes) {
    static Figures median(Figures[] rounds) {
      return new Figures(
          median(Arrays.stream(rounds).mapToDouble(Figures::wallNanos).toArray()),
          median(Arrays.stream(rounds).mapToDouble(Figures::cpuNanos).toArray()),
          median(Arrays.stream(rounds).mapToDouble(Figures::allocatedBytes).toArray()));
    }

    private static double median(double[] values) {
      Arrays.sort(values);
      return values[values.length / 2];
    }

    String line(String label) {
      return String.format(
          Locale.ROOT,
          "%s: %.0f ns wall, %.0f ns CPU, %.1f bytes allocated per target",
          label,
          wallNanos,
          cpuNanos,
          allocatedBytes);
    }
  }
}
