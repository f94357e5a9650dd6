package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.RedisServerExtension;
import dev.herald.testing.TestClient;
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
              assertThat(health(a)).isEqualTo(clusterHealth(2, "a", 3));
              assertThat(health(b)).isEqualTo(clusterHealth(1, "b", 3));
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

    assertThat(Servers.get(a.httpPort(), "/metrics").body())
        .contains("herald_cluster_connections 3\n");
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

  private EchoBroadcastServer node(String id, String transport, String protocol) {
    EchoBroadcastServer server =
        Servers.start(
            "--redis", redis.server().uri().toString(),
            "--node-id", id,
            "--lease-ttl", "1",
            "--transport", transport,
            "--protocol", protocol);
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

  private static String clusterHealth(int active, String nodeId, int cluster) {
    return "{\"status\":\"healthy\",\"activeConnections\":"
        + active
        + ",\"nodeId\":\""
        + nodeId
        + "\",\"clusterConnections\":"
        + cluster
        + ",\"liveNodes\":2}";
  }
}
