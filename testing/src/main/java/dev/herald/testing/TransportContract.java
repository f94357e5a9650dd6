package dev.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.Admission;
import dev.herald.Authenticator;
import dev.herald.CloseCause;
import dev.herald.CloseStatus;
import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.DropReason;
import dev.herald.Handshake;
import dev.herald.InboundPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks that a transport adapter keeps Herald's contracts, over real sockets with a real client
 * ({@link TestClient}). Every transport's test extends it and says how to start a server for a
 * manager:
 *
 * <pre>{@code
 * class MyTransportContractTest extends TransportContract {
 *   protected Server start(ConnectionManager<?> manager) {
 *     MyServer server = MyServer.builder(manager).address(loopback(0)).build();
 *     int port = server.start();
 *     return Server.of(URI.create("ws://127.0.0.1:" + port), () -> server.shutdown(ONE_SECOND));
 *   }
 * }
 * }</pre>
 *
 * <p>Each test builds its own manager and server and stops them afterwards. Not thread-safe: JUnit
 * runs one test of an instance at a time.
 */
public abstract class TransportContract {
  /** How long a test waits for anything to happen on the network. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final List<Server> servers = new ArrayList<>();

  /** Creates the contract; subclasses need no constructor. */
  protected TransportContract() {}

  /**
   * Starts a server of the transport under test on 127.0.0.1, handing its connections to {@code
   * manager}, and waits until it listens.
   */
  protected abstract Server start(ConnectionManager<?> manager) throws Exception;

  /** A running server, as the contract needs it. */
  public interface Server {

    /** Returns the server's base URI, such as {@code ws://127.0.0.1:50123}, without a path. */
    URI base();

    /** Stops the server and drains its manager; idempotent. */
    void stop();

    /** Returns a server at {@code base} that {@code stop} stops. */
    static Server of(URI base, Runnable stop) {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(stop, "stop");
      return new Server() {
        @Override
        public URI base() {
          return base;
        }

        @Override
        public void stop() {
          stop.run();
        }
      };
    }
  }

  @AfterEach
  void stopServers() {
    for (Server server : servers) {
      server.stop();
    }
    servers.clear();
  }

  @Test
  void textMessagesReachTheListenerAndComeBack() throws Exception {
    Recorder<String> recorder = new Recorder<>();
    ConnectionManager<String> manager = manager(recorder);
    recorder.onMessage =
        (connection, message) -> manager.sendTo(connection.id(), "echo: " + message);
    URI base = serve(manager);

    try (TestClient client = TestClient.connect(base.resolve("/ws"))) {
      client.send("hello");
      client.send("héllo wörld ✓");

      assertThat(client.awaitText(TIMEOUT)).isEqualTo("echo: hello");
      assertThat(client.awaitText(TIMEOUT)).isEqualTo("echo: héllo wörld ✓");
      assertThat(recorder.messages).containsExactly("hello", "héllo wörld ✓");
    }
  }

  @Test
  void binaryMessagesReachTheListenerAndComeBack() throws Exception {
    Recorder<byte[]> recorder = new Recorder<>();
    ConnectionManager<byte[]> manager =
        ConnectionManager.builder(byte[].class).listener(recorder).build();
    recorder.onMessage =
        (connection, message) -> manager.sendTo(connection.id(), reversed(message));
    URI base = serve(manager);
    byte[] small = {1, 2, 3, (byte) 0xFF, 0};
    byte[] large = new byte[70_000];
    Arrays.fill(large, (byte) 7);
    large[0] = 1;

    try (TestClient client = TestClient.connect(base.resolve("/ws"))) {
      client.send(small);
      client.send(large);

      assertThat(client.awaitBinary(TIMEOUT)).isEqualTo(reversed(small));
      assertThat(client.awaitBinary(TIMEOUT)).isEqualTo(reversed(large));
      assertThat(recorder.messages).containsExactly(small, large);
    }
  }

  @Test
  void tenThousandMessagesSentToOneConnectionArriveInOrder() throws Exception {
    Recorder<String> recorder = new Recorder<>();
    ConnectionManager<String> manager = manager(recorder);
    URI base = serve(manager);

    try (TestClient client = TestClient.connect(base.resolve("/ws"))) {
      String id = recorder.awaitOpen().id();
      for (int i = 0; i < 10_000; i++) {
        assertThat(manager.sendTo(id, "m" + i)).isTrue();
      }

      List<String> received = client.awaitTexts(10_000, TIMEOUT);
      for (int i = 0; i < 10_000; i++) {
        assertThat(received.get(i)).isEqualTo("m" + i);
      }
      assertThat(manager.stats().messagesOut()).isEqualTo(10_000);
    }
  }

  @Test
  void broadcastDeliversTheSameBytesToEveryClient() throws Exception {
    Recorder<String> recorder = new Recorder<>();
    ConnectionManager<String> manager = manager(recorder);
    URI base = serve(manager);
    List<TestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        clients.add(TestClient.connect(base.resolve("/ws")));
      }
      await().atMost(TIMEOUT).until(() -> manager.stats().activeConnections() == 5);
      String message = "to everyone ✓ " + "x".repeat(300);

      assertThat(manager.broadcast(message)).isEqualTo(5);

      for (TestClient client : clients) {
        assertThat(client.awaitText(TIMEOUT)).isEqualTo(message);
      }
    } finally {
      clients.forEach(TestClient::close);
    }
  }

  @Test
  void broadcastExceptSkipsThatConnection() throws Exception {
    Recorder<String> recorder = new Recorder<>();
    ConnectionManager<String> manager = manager(recorder);
    URI base = serve(manager);

    try (TestClient sender = TestClient.connect(base.resolve("/ws"))) {
      String senderId = recorder.awaitOpen().id();
      try (TestClient other = TestClient.connect(base.resolve("/ws"))) {
        await().atMost(TIMEOUT).until(() -> recorder.opened.size() == 2);

        assertThat(manager.broadcast("one", senderId)).isEqualTo(1);
        manager.sendTo(senderId, "two");

        assertThat(other.awaitText(TIMEOUT)).isEqualTo("one");
        assertThat(sender.awaitText(TIMEOUT)).isEqualTo("two");
      }
    }
  }

  @Test
  void closeReachesTheClientWithItsCodeAndReason() throws Exception {
    Recorder<String> recorder = new Recorder<>();
    ConnectionManager<String> manager = manager(recorder);
    URI base = serve(manager);

    try (TestClient client = TestClient.connect(base.resolve("/ws"))) {
      String id = recorder.awaitOpen().id();
      manager.sendTo(id, "last words");

      assertThat(manager.close(id, 4001, "bye now")).isTrue();

      assertThat(client.awaitText(TIMEOUT)).isEqualTo("last words");
      assertThat(client.awaitClose(TIMEOUT)).isEqualTo(new TestClient.Closure(4001, "bye now"));
      CloseStatus status = recorder.awaitClose(id);
      assertThat(status.code()).isEqualTo(4001);
      assertThat(status.cause()).isEqualTo(CloseCause.APPLICATION);
    }
  }

  @Test
  void sendToAfterTheClientClosedReturnsFalseAndCountsADrop() throws Exception {
    Recorder<String> recorder = new Recorder<>();
    ConnectionManager<String> manager = manager(recorder);
    URI base = serve(manager);
    TestClient client = TestClient.connect(base.resolve("/ws"));
    String id = recorder.awaitOpen().id();

    client.close();
    CloseStatus status = recorder.awaitClose(id);

    assertThat(status.code()).isEqualTo(1000);
    assertThat(status.cause()).isEqualTo(CloseCause.PEER);
    assertThat(manager.sendTo(id, "too late")).isFalse();
    assertThat(
            manager.stats().drops(DropReason.CLOSED)
                + manager.stats().drops(DropReason.UNKNOWN_CONNECTION))
        .isEqualTo(1);
  }

  @Test
  void clientThatDropsTheSocketIsReportedClosedOnce() throws Exception {
    Recorder<String> recorder = new Recorder<>();
    ConnectionManager<String> manager = manager(recorder);
    URI base = serve(manager);
    TestClient client = TestClient.connect(base.resolve("/ws"));
    String id = recorder.awaitOpen().id();

    client.abort();

    CloseStatus status = recorder.awaitClose(id);
    assertThat(status.code()).isEqualTo(1006);
    assertThat(manager.stats().activeConnections()).isZero();
    assertThat(manager.sendTo(id, "nobody there")).isFalse();
    recorder.assertClosedOnce(id);
  }

  @Test
  void authenticatorRejectionRefusesTheHandshake() throws Exception {
    Recorder<String> recorder = new Recorder<>();
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class)
            .listener(recorder)
            .authenticator(
                handshake ->
                    "let-me-in".equals(handshake.queryParameter("token"))
                        ? Admission.accept("trusted")
                        : Admission.reject(403, "bad token"))
            .build();
    URI base = serve(manager);

    assertRefused(base.resolve("/ws?token=wrong"), 403);

    assertThat(manager.stats().closes(CloseCause.REJECTED)).isEqualTo(1);
    assertThat(recorder.opened).isEmpty();
    assertThat(manager.stats().activeConnections()).isZero();
    try (TestClient client = TestClient.connect(base.resolve("/ws?token=let-me-in"))) {
      assertThat(recorder.awaitOpen().clientId()).isEqualTo("trusted");
      assertThat(recorder.opened).hasSize(1);
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void handshakePathQueryAndHeadersReachTheAuthenticator() throws Exception {
    AtomicReference<@Nullable Handshake> seen = new AtomicReference<>();
    Recorder<String> recorder = new Recorder<>();
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class)
            .listener(recorder)
            .authenticator(
                handshake -> {
                  seen.set(handshake);
                  Admission accepted = Authenticator.pathSuffix("/ws/").authenticate(handshake);
                  return accepted instanceof Admission.Accepted a
                      ? Admission.accept(a.clientId(), Map.of("role", "tester"))
                      : accepted;
                })
            .build();
    URI base = serve(manager);

    try (TestClient client =
        TestClient.connect(
            base.resolve("/ws/alice?token=abc%20def&tag=1&tag=2"),
            Map.of("X-Herald-Test", "yes"))) {
      Connection connection = recorder.awaitOpen();

      Handshake handshake = Objects.requireNonNull(seen.get());
      assertThat(handshake.path()).isEqualTo("/ws/alice");
      assertThat(handshake.queryParameter("token")).isEqualTo("abc def");
      assertThat(handshake.query().get("tag")).containsExactly("1", "2");
      assertThat(handshake.header("x-herald-test")).isEqualTo("yes");
      assertThat(handshake.remoteAddress()).isNotNull();
      assertThat(connection.clientId()).isEqualTo("alice");
      assertThat(connection.attributes()).containsEntry("role", "tester");
      assertThat(connection.handshake().path()).isEqualTo("/ws/alice");
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void messageLargerThanTheLimitClosesWith1009AndOthersKeepWorking() throws Exception {
    Recorder<String> recorder = new Recorder<>();
    ConnectionManager<String> manager =
        ConnectionManager.builder(String.class)
            .listener(recorder)
            .inbound(InboundPolicy.defaults().maxMessageSize(1024))
            .build();
    recorder.onMessage =
        (connection, message) -> manager.sendTo(connection.id(), "echo: " + message);
    URI base = serve(manager);

    try (TestClient offender = TestClient.connect(base.resolve("/ws"));
        TestClient bystander = TestClient.connect(base.resolve("/ws"))) {
      offender.send("x".repeat(2048));

      assertThat(offender.awaitClose(TIMEOUT).code()).isEqualTo(1009);
      await().atMost(TIMEOUT).until(() -> manager.stats().closes(CloseCause.TOO_LARGE) == 1);
      bystander.send("still here " + "y".repeat(1000));
      assertThat(bystander.awaitText(TIMEOUT)).isEqualTo("echo: still here " + "y".repeat(1000));
    }
  }

  @Test
  void shutdownWithoutGraceEndsEveryConnectionAndReportsEachOnce() throws Exception {
    Recorder<String> recorder = new Recorder<>();
    ConnectionManager<String> manager = manager(recorder);
    URI base = serve(manager);
    TestClient first = TestClient.connect(base.resolve("/ws"));
    TestClient second = TestClient.connect(base.resolve("/ws"));
    await().atMost(TIMEOUT).until(() -> recorder.opened.size() == 2);

    manager.shutdown(Duration.ZERO);

    first.awaitClose(TIMEOUT);
    second.awaitClose(TIMEOUT);
    assertThat(manager.stats().activeConnections()).isZero();
    for (Connection connection : recorder.opened) {
      recorder.awaitClose(connection.id());
      recorder.assertClosedOnce(connection.id());
    }
    assertRefused(base.resolve("/ws"), 503);
    assertThat(recorder.opened).hasSize(2);
  }

  private static ConnectionManager<String> manager(Recorder<String> recorder) {
    return ConnectionManager.builder(String.class).listener(recorder).build();
  }

  /** Starts a server for {@code manager} that the test stops afterwards; returns its base URI. */
  protected final URI serve(ConnectionManager<?> manager) throws Exception {
    Server server = start(manager);
    servers.add(server);
    return server.base();
  }

  /**
   * Checks that a connection to {@code uri} is refused with {@code status}: the handshake fails (a
   * transport that can answer with an HTTP status), or the server closes the connection at once
   * with 4000 + {@code status} (a transport that cannot).
   */
  private static void assertRefused(URI uri, int status) {
    TestClient client;
    try {
      client = TestClient.connect(uri);
    } catch (RuntimeException refused) {
      return;
    }
    try {
      assertThat(client.awaitClose(TIMEOUT).code()).isEqualTo(4000 + status);
    } finally {
      client.close();
    }
  }

  private static byte[] reversed(byte[] bytes) {
    byte[] result = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      result[i] = bytes[bytes.length - 1 - i];
    }
    return result;
  }

  /** Records what a manager tells its listener. */
  private static final class Recorder<T> implements ConnectionListener<T> {
    final List<Connection> opened = new CopyOnWriteArrayList<>();
    final List<T> messages = new CopyOnWriteArrayList<>();
    final Map<String, List<CloseStatus>> closes = new ConcurrentHashMap<>();
    volatile BiConsumer<Connection, T> onMessage = (connection, message) -> {};

    @Override
    public void onOpen(Connection connection) {
      opened.add(connection);
    }

    @Override
    public void onMessage(Connection connection, T message) {
      messages.add(message);
      onMessage.accept(connection, message);
    }

    @Override
    public void onClose(Connection connection, CloseStatus status) {
      closes.computeIfAbsent(connection.id(), id -> new CopyOnWriteArrayList<>()).add(status);
    }

    Connection awaitOpen() {
      await().atMost(TIMEOUT).until(() -> !opened.isEmpty());
      return opened.get(opened.size() - 1);
    }

    CloseStatus awaitClose(String id) {
      await().atMost(TIMEOUT).until(() -> closes.containsKey(id));
      return closes.get(id).get(0);
    }

    /** Checks, for a moment after the first report, that no second one comes. */
    void assertClosedOnce(String id) {
      await()
          .during(Duration.ofMillis(300))
          .atMost(TIMEOUT)
          .until(() -> closes.getOrDefault(id, List.of()).size() == 1);
    }
  }
}
