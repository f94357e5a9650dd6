package dev.herald.testing.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.CloseCause;
import dev.herald.testing.SelfSignedTls;
import dev.herald.testing.TestClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * While the machine is busy, many clients send messages small and large, three at a time with a
 * ping after each, plain and over TLS, to a server whose send buffers are small, then close: every
 * echo arrives, and every close is answered with its code on both sides. A message or a close that
 * waits in some buffer until other traffic comes shows as an echo that never arrives, and a close
 * taken before it was read as one the server reports as 1006.
 *
 * <p>The system property {@code herald.stall.runs} repeats each scenario, on a new server each time
 * (default 1), and {@code herald.stall.hogs} starts that many threads that spin for the length of
 * each run, to keep the cores busy (default 0: the suite runs on busy machines of its own).
 */
interface StallContract extends TransportFixture {
  int CLIENTS = 32;
  int ROUNDS = 4;
  int PIPELINED = 3;
  int[] SIZES = {10, 1_000, 20_000, 200_000};

  /** A send buffer that a large echo fills: the server's writes wait for the socket often. */
  ServerOptions SMALL_BUFFERS = ServerOptions.plain().sendBufferSize(16 * 1024);

  /**
   * How long an echo may take. A message left waiting never arrives; one only slowed by a busy
   * machine (and by Netty's leak detector tracking every buffer, in the suite) arrives well within.
   */
  Duration ECHO_WAIT = Duration.ofSeconds(30);

  /** How long one client may take for all its rounds. */
  Duration CLIENT_WAIT = Duration.ofSeconds(300);

  @Test
  default void plainEchoesAndClosesUnderLoadAllArrive() throws Exception {
    for (int run = 0; run < runs(); run++) {
      echoUnderLoad(run, SMALL_BUFFERS, HttpClient.newHttpClient());
    }
  }

  @Test
  default void tlsEchoesAndClosesUnderLoadAllArrive() throws Exception {
    SelfSignedTls tls = SelfSignedTls.generate();
    SSLContext client = tls.clientContext();
    for (int run = 0; run < runs(); run++) {
      echoUnderLoad(
          run,
          SMALL_BUFFERS.tls(tls.serverContext()),
          HttpClient.newBuilder().sslContext(client).build());
    }
  }

  private static int runs() {
    return Integer.getInteger("herald.stall.runs", 1);
  }

  private void echoUnderLoad(int run, ServerOptions options, HttpClient http) throws Exception {
    Echo listener = new Echo();
    Served<String> served = serve(TransportFixture.clients().listener(listener), options);
    int hogs = Integer.getInteger("herald.stall.hogs", 0);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + hogs);
    CpuHog hog = new CpuHog();
    try {
      for (int i = 0; i < hogs; i++) {
        pool.execute(hog);
      }
      List<Future<TestClient.Closure>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(pool.submit(() -> echoAndClose(http, served, client, run)));
      }
      for (Future<TestClient.Closure> closure : clients) {
        assertThat(closure.get(CLIENT_WAIT.toSeconds(), TimeUnit.SECONDS).code())
            .as("a client's close, run %d", run)
            .isEqualTo(1000);
      }
      await().atMost(WAIT).until(() -> served.manager().stats().closes(CloseCause.PEER) == CLIENTS);
      assertThat(listener.closed().values())
          .as("the server's closes, run %d", run)
          .hasSize(CLIENTS)
          .allSatisfy(status -> assertThat(status.code()).isEqualTo(1000));
      assertThat(listener.errors()).isEmpty();
    } finally {
      hog.stop();
      pool.shutdownNow();
    }
  }

  private static TestClient.Closure echoAndClose(
      HttpClient http, Served<String> served, int client, int run) throws Exception {
    TestClient socket =
        TestClient.connectAsync(http, served.uri("client-" + client), Map.of())
            .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
            .join();
    for (int round = 0; round < ROUNDS; round++) {
      List<String> sent = new ArrayList<>(PIPELINED);
      for (int k = 0; k < PIPELINED; k++) {
        String message =
            client
                + "/"
                + round
                + "/"
                + k
                + ":"
                + "x".repeat(SIZES[(client + round + k) % SIZES.length]);
        socket.send(message);
        socket.ping();
        sent.add(message);
      }
      for (String message : sent) {
        assertThat(socket.awaitText(ECHO_WAIT))
            .as("echo of %d bytes to client %d, run %d", message.length(), client, run)
            .isEqualTo("Echo: " + message);
      }
    }
    socket.close();
    return socket.awaitClose(WAIT);
  }

  /** Spins until stopped, to keep one core busy. */
  final class CpuHog implements Runnable {
    private volatile boolean running = true;

    @Override
    public void run() {
      while (running) {
        // Nothing but the check: the point is to hold the core.
      }
    }

    void stop() {
      running = false;
    }
  }
}
