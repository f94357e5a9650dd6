package dev.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.herald.testing.RedisServer;
import dev.herald.testing.TestClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigIT {

  @Test
  void aPasswordInTheUriAuthenticatesBothNodes() {
    try (RedisServer redis = RedisServer.start("--requirepass", "s3cret")) {
      URI uri = URI.create("redis://:s3cret@127.0.0.1:" + redis.port());
      try (Node a = Node.start("a", uri);
          Node b = Node.start("b", uri)) {
        TestClient bob = b.connect("bob");
        await().atMost(Duration.ofSeconds(5)).until(() -> a.nodesOf("bob").equals(Set.of("b")));

        a.manager.sendToClient("bob", "hello");

        assertThat(bob.awaitText(Duration.ofSeconds(5))).isEqualTo("hello");
      }
    }
  }

  @Test
  void aRedissUriSpeaksTls(@TempDir Path dir) throws Exception {
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                dir.resolve("key.pem").toString(),
                "-out",
                dir.resolve("cert.pem").toString(),
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1")
            .redirectErrorStream(true)
            .start();
    openssl.getInputStream().readAllBytes();
    assertThat(openssl.waitFor()).isZero();
    int tlsPort = RedisServer.freePort();
    try (RedisServer redis =
        RedisServer.start(
            "--tls-port", Integer.toString(tlsPort),
            "--tls-cert-file", dir.resolve("cert.pem").toString(),
            "--tls-key-file", dir.resolve("key.pem").toString(),
            "--tls-ca-cert-file", dir.resolve("cert.pem").toString(),
            "--tls-auth-clients", "no")) {
      // The self-signed certificate is in no trust store: this test checks the transport only.
      URI uri = URI.create("rediss://127.0.0.1:" + tlsPort + "?verifyPeer=NONE");
      try (Node a = Node.start("a", uri);
          Node b = Node.start("b", uri)) {
        TestClient bob = b.connect("bob");
        Node.awaitSubscribers(redis, "herald:all", 2);

        a.manager.broadcast("over tls");

        assertThat(bob.awaitText(Duration.ofSeconds(5))).isEqualTo("over tls");
      }
    }
  }

  @Test
  void theApplicationsClientResourcesCarryTheBridgeAndOutliveIt() {
    ClientResources resources = DefaultClientResources.create();
    try (RedisServer redis = RedisServer.start()) {
      URI uri = URI.create("redis://127.0.0.1:" + redis.port());
      try (Node a = Node.start("a", RedisBridge.builder(uri).clientResources(resources));
          Node b = Node.start("b", RedisBridge.builder(uri).clientResources(resources))) {
        TestClient bob = b.connect("bob");
        Node.awaitSubscribers(redis, "herald:all", 2);

        a.manager.broadcast("on shared resources");

        assertThat(bob.awaitText(Duration.ofSeconds(5))).isEqualTo("on shared resources");
      }
      // Closing the bridges left the application's resources running: their owner stops them.
      assertThat(resources.eventExecutorGroup().isShuttingDown()).isFalse();
    } finally {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  @Test
  void onlyRedisSchemesAreAccepted() {
    assertThatThrownBy(() -> RedisBridge.builder(URI.create("http://:pw@127.0.0.1:6380")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a redis:// or rediss:// URI: http://127.0.0.1:6380");
  }

  @Test
  void builderSettersNameTheBadValue() {
    RedisBridge.Builder builder = RedisBridge.builder(URI.create("redis://127.0.0.1:6380"));
    assertThatThrownBy(() -> builder.prefix("a b"))
        .hasMessage("prefix is not 1-64 of A-Z a-z 0-9 _ . -: a b");
    assertThatThrownBy(() -> builder.leaseTtl(Duration.ofMillis(10)))
        .hasMessage("leaseTtl < 1s: PT0.01S");
    assertThatThrownBy(() -> builder.requestQueueSize(0)).hasMessage("requestQueueSize <= 0: 0");
  }
}
