package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.RedisServer;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.TestClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterIT {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private final List<EchoBroadcastServer> servers = new ArrayList<>();
  private final List<TestClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(TestClient::close);
    servers.forEach(server -> server.shutdown(Duration.ofSeconds(2)));
  }

  @Test
  void aMessageSentOnOneInstanceReachesClientsOnBoth() {
    // One node on each transport: the cluster does not care which one carries a connection.
    EchoBroadcastServer a = node("a", "netty", "text");
    EchoBroadcastServer b = node("b", "java-websocket", "text");
    TestClient alice = connect(a, "alice");
    assertThat(alice.awaitText(TIMEOUT))
        .matches("Connected as client alice \\(node a; cluster connections: [12]\\)");
    TestClient carol = connect(a, "carol");
    carol.awaitText(TIMEOUT);
    TestClient bob = connect(b, "bob");
    assertThat(bob.awaitText(TIMEOUT))
        .matches("Connected as client bob \\(node b; cluster connections: [1-3]\\)");

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(health(a)).matches(clusterHealth(2, "a", 3));
              assertThat(health(b)).matches(clusterHealth(1, "b", 3));
            });

    bob.send("hello from b");
    assertThat(bob.awaitText(TIMEOUT)).isEqualTo("Echo: hello from b");
    assertThat(alice.awaitText(TIMEOUT)).isEqualTo("Client bob says: hello from b");
    assertThat(carol.awaitText(TIMEOUT)).isEqualTo("Client bob says: hello from b");

    alice.send("hello from a");
    assertThat(alice.awaitText(TIMEOUT)).isEqualTo("Echo: hello from a");
    assertThat(carol.awaitText(TIMEOUT)).isEqualTo("Client alice says: hello from a");
    assertThat(bob.awaitText(TIMEOUT)).isEqualTo("Client alice says: hello from a");
    assertThat(alice.poll()).isNull();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(Servers.get(a.httpPort(), "/metrics").body())
                    .contains("herald_cluster_connections 3.0\n"));
  }

  @Test
  void jsonWelcomeNamesTheNodeAndTheClusterConnections() {
    EchoBroadcastServer c = node("c", "netty", "json");
    TestClient dora = Wire.connect(Protocol.JSON, c.webSocketPort(), "dora");
    clients.add(dora);

    JsonNode welcome = Wire.document(Protocol.JSON, dora);

    assertThat(welcome.get("message").asText()).isEqualTo("Connected as dora");
    assertThat(welcome.get("nodeId").asText()).isEqualTo("c");
    assertThat(welcome.get("clusterConnections").asLong()).isEqualTo(1);
  }

  @Test
  void aNodeThatDoesNotReachRedisSaysSoInItsHealthAndMetrics() {
    int port = RedisServer.freePort();
    EchoBroadcastServer lonely = node("lonely", URI.create("redis://127.0.0.1:" + port));

    assertThat(health(lonely))
        .contains("\"status\":\"degraded: no broker\"", "\"broker\":\"connecting\"");
    assertThat(Servers.get(lonely.httpPort(), "/metrics").body())
        .contains("herald_broker_connected 0.0\n");

    try (RedisServer late = RedisServer.start(port)) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                assertThat(health(lonely))
                    .contains("\"status\":\"healthy\"", "\"broker\":\"connected\"");
                assertThat(Servers.get(lonely.httpPort(), "/metrics").body())
                    .contains("herald_broker_connected 1.0\n");
              });
      late.stop();
      await()
          .atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(health(lonely)).contains("\"broker\":\"disconnected\""));
    }
  }

  private EchoBroadcastServer node(String id, String transport, String protocol) {
    return node(id, redis.server().uri(), "--transport", transport, "--protocol", protocol);
  }

  private EchoBroadcastServer node(String id, URI redisUri, String... flags) {
    List<String> all =
        new ArrayList<>(
            List.of("--redis", redisUri.toString(), "--node-id", id, "--lease-ttl", "1"));
    all.addAll(List.of(flags));
    EchoBroadcastServer server = Servers.start(all.toArray(String[]::new));
    servers.add(server);
    return server;
  }

  private TestClient connect(EchoBroadcastServer server, String clientId) {
    TestClient client = Wire.connect(Protocol.TEXT, server.webSocketPort(), clientId);
    clients.add(client);
    return client;
  }

  private static String health(EchoBroadcastServer server) {
    HttpResponse<String> health = Servers.get(server.httpPort(), "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    return health.body();
  }

  /** Returns a pattern of the health of a node that reaches the others. */
  private static String clusterHealth(int active, String nodeId, int cluster) {
    return "\\{\"status\":\"healthy\",\"activeConnections\":"
        + active
        + ",\"nodeId\":\""
        + nodeId
        + "\",\"incarnation\":\"[0-9a-z]{8}\",\"broker\":\"connected\",\"clusterConnections\":"
        + cluster
        + ",\"liveNodes\":2}";
  }
}
