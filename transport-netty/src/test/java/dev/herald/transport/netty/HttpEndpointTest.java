package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.ConnectionManager;
import dev.herald.testing.TestClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void plainHttpRequestsShareTheWebSocketPort() throws Exception {
    ConnectionManager<String> manager = ConnectionManager.builder(String.class).build();
    HeraldNettyServer server =
        HeraldNettyServer.builder(manager)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .httpHandler(
                request -> {
                  if (!request.uri().equals("/health")) {
                    return new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
                  }
                  String body = "{\"connections\":" + manager.stats().activeConnections() + "}";
                  DefaultFullHttpResponse response =
                      new DefaultFullHttpResponse(
                          HttpVersion.HTTP_1_1,
                          HttpResponseStatus.OK,
                          Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                  response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                  return response;
                })
            .build()
            .start();
    int port = server.port();
    try (TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> manager.stats().activeConnections() == 1);

      HttpResponse<String> health = get(port, "/health");
      HttpResponse<String> missing = get(port, "/nothing");

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"connections\":1}");
      assertThat(health.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(client.isClosed()).isFalse();
    } finally {
      manager.shutdown(Duration.ofSeconds(1));
      server.close();
    }
  }

  @Test
  void withoutAnHttpHandlerPlainRequestsGet426() throws Exception {
    ConnectionManager<String> manager = ConnectionManager.builder(String.class).build();
    HeraldNettyServer server =
        HeraldNettyServer.builder(manager)
            .address(new InetSocketAddress("127.0.0.1", 0))
            .build()
            .start();
    try {
      assertThat(get(server.port(), "/").statusCode()).isEqualTo(426);
    } finally {
      server.close();
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
