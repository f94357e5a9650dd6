package dev.herald.codec.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.codec.json.JsonProtocol;
import dev.herald.spi.ClientFrame;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.spi.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * Keeps {@code docs/protocol.md} true: every example of section 5, a {@code json} block and a
 * {@code msgpack-hex} block under each frame type's heading, is exactly what the decoders read
 * (client frames) or the encoders write (server frames); and the frame types it documents are all
 * there are. The data of the MessagePack examples is the JSON data, converted.
 */
class ProtocolDocumentTest {
  private static final Path DOCUMENT = Path.of("../docs/protocol.md");
  private static final Payload HI = Payload.text("{\"text\":\"hi\"}");
  private static final Position AT_41 = new Position("k3x9q2", 41);
  private static final Position AT_42 = new Position("k3x9q2", 42);

  private static final Map<String, List<ClientFrame>> CLIENT_FRAMES = new LinkedHashMap<>();
  private static final Map<String, List<ServerFrame>> SERVER_FRAMES = new LinkedHashMap<>();

  static {
    CLIENT_FRAMES.put(
        "subscribe",
        List.of(
            new ClientFrame.Subscribe(1, "room:lobby", null),
            new ClientFrame.Subscribe(1, "room:lobby", AT_41)));
    CLIENT_FRAMES.put("unsubscribe", List.of(new ClientFrame.Unsubscribe(2, "room:lobby")));
    CLIENT_FRAMES.put("publish", List.of(new ClientFrame.Publish(3, "room:lobby", HI)));
    CLIENT_FRAMES.put("message", List.of(new ClientFrame.Message(HI)));
    CLIENT_FRAMES.put("ping", List.of(new ClientFrame.Ping()));
    CLIENT_FRAMES.put("pong", List.of(new ClientFrame.Pong()));

    SERVER_FRAMES.put(
        "connected", List.of(new ServerFrame.Connected("n1.k3x9q2ab.1", "alice", 25000)));
    SERVER_FRAMES.put(
        "subscribed",
        List.of(
            new ServerFrame.Subscribed(1L, "room:lobby", AT_41, true),
            new ServerFrame.Subscribed(4L, "presence", null, null),
            new ServerFrame.Subscribed(null, "room:lobby", new Position("p7m2xd", 3), false)));
    SERVER_FRAMES.put(
        "unsubscribed",
        List.of(
            new ServerFrame.Unsubscribed(2L, "room:lobby"),
            new ServerFrame.Unsubscribed(null, "room:lobby")));
    SERVER_FRAMES.put("published", List.of(new ServerFrame.Published(3, "room:lobby", AT_42)));
    SERVER_FRAMES.put(
        "publication",
        List.of(
            new ServerFrame.Publication("room:lobby", AT_42, HI),
            new ServerFrame.Publication(
                "presence", null, Payload.text("{\"user\":\"bob\",\"online\":true}"))));
    SERVER_FRAMES.put("message", List.of(new ServerFrame.Message(HI)));
    SERVER_FRAMES.put(
        "error",
        List.of(
            new ServerFrame.Error(1L, "forbidden", "subscription refused"),
            new ServerFrame.Error(null, "bad_frame", "frame is not a JSON object")));
    SERVER_FRAMES.put(
        "disconnect",
        List.of(new ServerFrame.Disconnect(1001, "server shutting down", true, 1500)));
    SERVER_FRAMES.put("ping", List.of(new ServerFrame.Ping()));
    SERVER_FRAMES.put("pong", List.of(new ServerFrame.Pong()));
  }

  private final Map<String, Map<String, List<Example>>> sections = examples(read());

  @Test
  void clientExamplesDecodeAsWritten() {
    Map<String, List<Example>> examples = sections.get("Client to server");
    assertThat(examples).containsOnlyKeys(CLIENT_FRAMES.keySet());
    CLIENT_FRAMES.forEach(
        (type, frames) -> {
          assertThat(examples.get(type)).as(type).hasSameSizeAs(frames);
          for (int i = 0; i < frames.size(); i++) {
            Example example = examples.get(type).get(i);
            ClientFrame frame = frames.get(i);
            assertThat(JsonProtocol.v1().decode(Payload.text(example.json())))
                .as(example.json())
                .isEqualTo(frame);
            assertThat(MsgpackProtocol.v1().decode(Payload.binary(example.msgpack())))
                .as("MessagePack of %s", example.json())
                .isEqualTo(inMsgpack(frame));
          }
        });
  }

  @Test
  void serverExamplesAreWhatTheEncodersWrite() {
    Map<String, List<Example>> examples = sections.get("Server to client");
    assertThat(examples).containsOnlyKeys(SERVER_FRAMES.keySet());
    SERVER_FRAMES.forEach(
        (type, frames) -> {
          assertThat(examples.get(type)).as(type).hasSameSizeAs(frames);
          for (int i = 0; i < frames.size(); i++) {
            Example example = examples.get(type).get(i);
            ServerFrame frame = frames.get(i);
            assertThat(((Payload.Text) JsonProtocol.v1().encode(frame)).text())
                .isEqualTo(example.json());
            assertThat(Hex.of(bytes(MsgpackProtocol.v1().encode(inMsgpack(frame)))))
                .as("MessagePack of %s", example.json())
                .isEqualTo(Hex.of(example.msgpack()));
          }
        });
  }

  @Test
  void theSessionsClientFramesDecode() {
    List<String> sent =
        read().stream().filter(line -> line.startsWith("> {")).map(l -> l.substring(2)).toList();

    assertThat(sent).isNotEmpty();
    sent.forEach(json -> assertThat(JsonProtocol.v1().decode(Payload.text(json))).isNotNull());
  }

  /** An example: the two encodings of one frame. */
  private record Example(String json, byte[] msgpack) {}

  /**
   * Returns the examples of the document by section (the headings {@code ### 5.1 Client to
   * server}...) and frame type (the headings {@code #### `subscribe`}...).
   */
  private static Map<String, Map<String, List<Example>>> examples(List<String> lines) {
    Map<String, Map<String, List<Example>>> sections = new LinkedHashMap<>();
    Map<String, List<Example>> section = null;
    List<Example> examples = null;
    String json = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("## ")) {
        section = null;
        examples = null;
      } else if (line.startsWith("### ")) {
        section = new LinkedHashMap<>();
        sections.put(line.replaceFirst("### [0-9.]+ ", ""), section);
        examples = null;
      } else if (line.startsWith("#### ") && section != null) {
        examples = new ArrayList<>();
        section.put(line.substring(5).replace("`", ""), examples);
      } else if (line.startsWith("```") && examples != null) {
        String info = line.substring(3);
        List<String> block = new ArrayList<>();
        while (!lines.get(++i).equals("```")) {
          block.add(lines.get(i));
        }
        if (info.equals("json")) {
          assertThat(json).as("a json block without its msgpack-hex block").isNull();
          assertThat(block).hasSize(1);
          json = block.get(0);
        } else if (info.equals("msgpack-hex")) {
          assertThat(json).as("a msgpack-hex block without its json block").isNotNull();
          examples.add(new Example(json, hex(block)));
          json = null;
        }
      }
    }
    return sections;
  }

  /**
   * Returns the bytes of a {@code msgpack-hex} block: hex pairs, each line's {@code #} comment
   * ignored.
   */
  private static byte[] hex(List<String> block) {
    StringBuilder hex = new StringBuilder();
    for (String line : block) {
      int comment = line.indexOf('#');
      hex.append(comment < 0 ? line : line.substring(0, comment));
    }
    return Hex.bytes(hex.toString());
  }

  private static ClientFrame inMsgpack(ClientFrame frame) {
    if (frame instanceof ClientFrame.Publish publish) {
      return new ClientFrame.Publish(publish.id(), publish.topic(), inMsgpack(publish.data()));
    }
    if (frame instanceof ClientFrame.Message message) {
      return new ClientFrame.Message(inMsgpack(message.data()));
    }
    return frame;
  }

  private static ServerFrame inMsgpack(ServerFrame frame) {
    if (frame instanceof ServerFrame.Publication publication) {
      return new ServerFrame.Publication(
          publication.topic(), publication.position(), inMsgpack(publication.data()));
    }
    if (frame instanceof ServerFrame.Message message) {
      return new ServerFrame.Message(inMsgpack(message.data()));
    }
    return frame;
  }

  /** Returns the JSON data {@code json} as MessagePack, as a typical codec writes it. */
  private static Payload inMsgpack(Payload json) {
    try {
      return Payload.binary(
          new ObjectMapper(new MessagePackFactory())
              .writeValueAsBytes(new ObjectMapper().readTree(((Payload.Text) json).text())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(Payload payload) {
    byte[] bytes = new byte[payload.size()];
    payload.bytes().get(bytes);
    return bytes;
  }

  private static List<String> read() {
    try {
      return Files.readAllLines(DOCUMENT, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
