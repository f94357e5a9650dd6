package dev.herald.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The example server, whatever its {@code --protocol}: clients of the Herald protocol publish to a
 * room, and one that comes back gets what the room said meanwhile.
 */
class HeraldRoomsTest {
  private EchoBroadcastServer server;

  @AfterEach
  void stop() {
    server.shutdown(Duration.ofSeconds(2));
  }

  @Test
  void aClientThatComesBackGetsWhatItsRoomSaidMeanwhile() {
    server = Servers.start("--protocol", "json");
    String epoch;
    long offset;
    try (HeraldClient alice = HeraldClient.connect(server.webSocketPort(), "alice")) {
      assertThat(alice.next().path("data").path("type").asText()).isEqualTo("welcome");
      JsonNode subscribed = alice.subscribe(1, "room:lobby");
      epoch = subscribed.path("epoch").asText();
      offset = subscribed.path("offset").asLong();
    }
    try (HeraldClient bob = HeraldClient.connect(server.webSocketPort(), "bob")) {
      bob.next();
      for (int i = 0; i < 3; i++) {
        bob.send(
            "{\"type\":\"publish\",\"id\":"
                + i
                + ",\"topic\":\"room:lobby\",\"data\":{\"text\":\"hi "
                + i
                + "\"}}");
        assertThat(bob.next().path("type").asText()).isEqualTo("published");
      }
      bob.send("{\"type\":\"publish\",\"id\":9,\"topic\":\"secrets\",\"data\":{}}");
      assertThat(bob.next().path("code").asText()).isEqualTo("forbidden");
    }

    try (HeraldClient alice = HeraldClient.connect(server.webSocketPort(), "alice")) {
      alice.next();
      alice.subscribe(2, "room:lobby", epoch, offset);

      assertThat(alice.next().path("recovered").asBoolean()).isTrue();
      for (int i = 0; i < 3; i++) {
        JsonNode publication = alice.next();
        assertThat(publication.path("offset").asLong()).isEqualTo(offset + 1 + i);
        assertThat(publication.path("data").path("text").asText()).isEqualTo("hi " + i);
      }
    }
  }

  @Test
  void underTheTextProtocolTheHeraldProtocolCarriesStrings() {
    server = Servers.start("--protocol", "text");
    try (HeraldClient alice = HeraldClient.connect(server.webSocketPort(), "alice")) {
      assertThat(alice.next().path("data").asText()).isEqualTo("Connected as client alice");
      alice.send("{\"type\":\"message\",\"data\":\"hello\"}");
      assertThat(alice.nextSkippingPings().path("data").asText()).isEqualTo("Echo: hello");

      alice.send("{\"type\":\"publish\",\"id\":1,\"topic\":\"room:a\",\"data\":{\"x\":1}}");
      JsonNode refused = alice.nextSkippingPings();
      assertThat(refused.path("code").asText()).isEqualTo("bad_data");
      assertThat(refused.path("id").asLong()).isEqualTo(1);
      alice.send("{\"type\":\"publish\",\"id\":2,\"topic\":\"room:a\",\"data\":\"hi\"}");
      JsonNode published = alice.nextSkippingPings();
      assertThat(published.path("type").asText()).isEqualTo("published");
      assertThat(published.path("offset").asLong()).isEqualTo(1);
    }
  }
}
