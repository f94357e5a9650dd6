package dev.herald.codec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.herald.CodecException;
import dev.herald.spi.ClientFrame;
import dev.herald.spi.ClientProtocol;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.spi.ProtocolException;
import dev.herald.spi.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the Herald client protocol as JSON, the subprotocol {@code herald.v1.json}: one
 * JSON object per text frame, whose {@code data} is one JSON value written by the application's
 * codec and embedded as it is (see {@code docs/protocol.md}).
 *
 * <p>Decoding applies the limits of {@link JsonCodec#newObjectMapper()} to the whole frame (nesting
 * depth 128, the frame's object included; 16 MiB; 1,000,000 tokens...) and returns the {@code data}
 * as the exact text the client wrote. Encoding writes no whitespace and copies the data's bytes
 * once, after checking that they hold one JSON value.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class JsonProtocol implements ClientProtocol {
  private static final JsonProtocol V1 = new JsonProtocol();

  /** What follows the last field before the data; the data is always the last field. */
  private static final byte[] DATA_KEY = ",\"data\":".getBytes(StandardCharsets.US_ASCII);

  private final JsonFactory frames =
      JsonFactory.builder()
          .streamReadConstraints(JsonCodec.readConstraints())
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          // A frame with data is left open by the generator and closed after the data is copied.
          .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
          .build();

  // The application's data is checked for shape only: its codec's mapper may allow deeper or
  // longer values than Herald reads from clients.
  private final JsonFactory data =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .build())
          .build();

  private JsonProtocol() {}

  /** Returns the protocol {@code herald.v1.json}. */
  public static JsonProtocol v1() {
    return V1;
  }

  /** Returns {@code herald.v1.json}. */
  @Override
  public String name() {
    return "herald.v1.json";
  }

  /**
   * Encodes {@code frame} as a text frame, its keys in the order of {@code docs/protocol.md}.
   *
   * @throws IllegalArgumentException if the frame's data is not a text payload holding one JSON
   *     value
   */
  @Override
  public Payload encode(ServerFrame frame) {
    Objects.requireNonNull(frame, "frame");
    ByteArrayBuilder out = new ByteArrayBuilder(128);
    Payload body;
    try (JsonGenerator generator = frames.createGenerator(out)) {
      generator.writeStartObject();
      body = writeFields(generator, frame);
      if (body == null) {
        generator.writeEndObject();
      }
    } catch (IOException e) {
      // A ByteArrayBuilder never fails to write.
      throw new UncheckedIOException(e);
    }
    byte[] head = out.toByteArray();
    return body == null ? Payload.utf8(head) : withData(head, body);
  }

  /**
   * Decodes a text frame from a client.
   *
   * @throws ProtocolException if the payload is a binary frame, is not valid UTF-8, is not one JSON
   *     object, exceeds a limit, or is not a frame of the protocol
   */
  @Override
  public ClientFrame decode(Payload payload) {
    if (!(payload instanceof Payload.Text text)) {
      throw new ProtocolException(
          ProtocolException.BAD_FRAME, null, "expected a JSON text frame, got " + payload);
    }
    String json;
    try {
      json = text.text();
    } catch (CodecException e) {
      throw new ProtocolException(
          ProtocolException.BAD_FRAME, null, "text frame is not valid UTF-8");
    }
    return JsonFrameReader.read(frames, json);
  }

  @Override
  public String toString() {
    return "JsonProtocol[herald.v1.json]";
  }

  /** Writes the fields of {@code frame} but its data, and returns the data, if it has one. */
  private static @Nullable Payload writeFields(JsonGenerator out, ServerFrame frame)
      throws IOException {
    if (frame instanceof ServerFrame.Publication publication) {
      out.writeStringField("type", "publication");
      out.writeStringField("topic", publication.topic());
      writePosition(out, publication.position());
      return publication.data();
    } else if (frame instanceof ServerFrame.Message message) {
      out.writeStringField("type", "message");
      return message.data();
    } else if (frame instanceof ServerFrame.Connected connected) {
      out.writeStringField("type", "connected");
      out.writeStringField("connection", connected.connectionId());
      out.writeStringField("client", connected.clientId());
      out.writeNumberField("ping", connected.pingMillis());
    } else if (frame instanceof ServerFrame.Subscribed subscribed) {
      out.writeStringField("type", "subscribed");
      writeId(out, subscribed.id());
      out.writeStringField("topic", subscribed.topic());
      writePosition(out, subscribed.position());
      Boolean recovered = subscribed.recovered();
      if (recovered != null) {
        out.writeBooleanField("recovered", recovered);
      }
    } else if (frame instanceof ServerFrame.Unsubscribed unsubscribed) {
      out.writeStringField("type", "unsubscribed");
      writeId(out, unsubscribed.id());
      out.writeStringField("topic", unsubscribed.topic());
    } else if (frame instanceof ServerFrame.Published published) {
      out.writeStringField("type", "published");
      out.writeNumberField("id", published.id());
      out.writeStringField("topic", published.topic());
      writePosition(out, published.position());
    } else if (frame instanceof ServerFrame.Error error) {
      out.writeStringField("type", "error");
      writeId(out, error.id());
      out.writeStringField("code", error.code());
      out.writeStringField("message", error.message());
    } else if (frame instanceof ServerFrame.Disconnect disconnect) {
      out.writeStringField("type", "disconnect");
      out.writeNumberField("code", disconnect.code());
      out.writeStringField("reason", disconnect.reason());
      out.writeBooleanField("reconnect", disconnect.reconnect());
      out.writeNumberField("after", disconnect.afterMillis());
    } else if (frame instanceof ServerFrame.Ping) {
      out.writeStringField("type", "ping");
    } else {
      out.writeStringField("type", "pong");
    }
    return null;
  }

  private static void writeId(JsonGenerator out, @Nullable Long id) throws IOException {
    if (id != null) {
      out.writeNumberField("id", id);
    }
  }

  private static void writePosition(JsonGenerator out, @Nullable Position position)
      throws IOException {
    if (position != null) {
      out.writeStringField("epoch", position.epoch());
      out.writeNumberField("offset", position.offset());
    }
  }

  /**
   * Returns the frame {@code head}, the data key, the bytes of {@code body} and the closing brace.
   */
  private Payload withData(byte[] head, Payload body) {
    if (!(body instanceof Payload.Text)) {
      throw new IllegalArgumentException("data of a JSON frame is not a text payload: " + body);
    }
    int size = body.size();
    int at = head.length + DATA_KEY.length;
    byte[] frame = new byte[at + size + 1];
    System.arraycopy(head, 0, frame, 0, head.length);
    System.arraycopy(DATA_KEY, 0, frame, head.length, DATA_KEY.length);
    body.bytes().get(frame, at, size);
    frame[frame.length - 1] = '}';
    checkOneValue(frame, at, size);
    return Payload.utf8(frame);
  }

  /**
   * Checks that {@code bytes[from, from + length)} hold one JSON value, for every client's sake.
   */
  private void checkOneValue(byte[] bytes, int from, int length) {
    try (JsonParser parser = data.createParser(bytes, from, length)) {
      if (parser.nextToken() == null) {
        throw new IllegalArgumentException("data of a JSON frame is empty");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("data of a JSON frame holds more than one JSON value");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("data of a JSON frame is not one JSON value: " + e, e);
    }
  }
}
