package dev.herald.codec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.herald.spi.ClientFrame;
import dev.herald.spi.ClientFrameFields;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.spi.ProtocolException;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads one client frame from the text of a JSON text frame. It reads every key first, whatever
 * their order, and judges the frame once its type is known: a key the type does not define is
 * ignored, however it is written, and an error names the request's id whenever the frame had a
 * valid one.
 *
 * <p>Not thread-safe: one instance reads one frame.
 */
final class JsonFrameReader {
  private final String json;
  private final ClientFrameFields fields = new ClientFrameFields();

  private JsonFrameReader(String json) {
    this.json = json;
  }

  /**
   * Reads the frame {@code json} with a parser of {@code factory}, which sets the limits.
   *
   * @throws ProtocolException if it is not a frame of the protocol
   */
  static ClientFrame read(JsonFactory factory, String json) {
    JsonFrameReader reader = new JsonFrameReader(json);
    reader.readKeys(factory);
    return reader.fields.frame();
  }

  private void readKeys(JsonFactory factory) {
    try (JsonParser parser = factory.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw fields.badFrame(
            first == null ? "empty frame" : "frame is not a JSON object but " + first);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        JsonToken value = parser.nextToken();
        readValue(parser, key, value);
      }
      if (parser.nextToken() != null) {
        throw fields.badFrame("content after the frame's object");
      }
    } catch (StreamConstraintsException e) {
      throw fields.badFrame("frame exceeds a limit: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw fields.badFrame("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      // A parser of a String does no I/O; whatever it reports, the frame is unreadable.
      throw fields.badFrame("malformed JSON: " + e);
    }
  }

  private void readValue(JsonParser parser, String name, JsonToken value) throws IOException {
    ClientFrameFields.Key key = fields.key(name);
    if (key == null) {
      parser.skipChildren();
      return;
    }
    switch (key) {
      case TYPE -> fields.type(string(parser, value));
      case ID -> fields.id(integer(parser, value));
      case TOPIC -> fields.topic(string(parser, value));
      case EPOCH -> fields.epoch(string(parser, value));
      case OFFSET -> fields.offset(integer(parser, value));
      case DATA -> fields.data(slice(parser, value));
    }
    parser.skipChildren();
  }

  private static @Nullable String string(JsonParser parser, JsonToken value) throws IOException {
    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
  }

  /** Returns the integer at the parser, or -1 if it is not one from 0 to 2^53-1. */
  private static long integer(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      return -1;
    }
    long number = parser.getLongValue();
    return number > Position.MAX_OFFSET ? -1 : number;
  }

  /** Returns the value at the parser as the exact text it was written with. */
  private Payload slice(JsonParser parser, JsonToken value) throws IOException {
    int start = Math.toIntExact(parser.currentTokenLocation().getCharOffset());
    if (value.isStructStart()) {
      parser.skipChildren();
    } else {
      // A string's end is found only when it is read; other scalars are read already.
      parser.finishToken();
    }
    int end = Math.toIntExact(parser.currentLocation().getCharOffset());
    return Payload.text(json.substring(start, end));
  }
}
