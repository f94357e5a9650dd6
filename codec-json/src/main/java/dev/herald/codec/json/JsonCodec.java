package dev.herald.codec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.herald.CodecException;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * Encodes messages of type {@code T} as JSON text frames and decodes them back, with Jackson: any
 * type Jackson can map, such as records, POJOs, {@code JsonNode} or {@code Map}.
 *
 * <p>The codecs made without an {@link ObjectMapper} share one that Herald configures with the
 * limits of {@link #newObjectMapper()}. A codec made with the application's mapper uses it as it
 * is, limits included; the mapper must not be reconfigured afterwards. Either way a frame holds
 * exactly one JSON value: trailing content and a top-level {@code null} are rejected.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <T> the message type
 */
public final class JsonCodec<T> implements Codec<T> {

  /** Deepest nesting of arrays and objects the default mapper reads. */
  static final int MAX_NESTING_DEPTH = 128;

  /** Longest document, in bytes, the default mapper reads: a backstop above the inbound limit. */
  static final int MAX_DOCUMENT_LENGTH = 16 * 1024 * 1024;

  /** Longest string value, in chars, the default mapper reads. */
  static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;

  /** Longest property name, in chars, the default mapper reads. */
  static final int MAX_NAME_LENGTH = 4096;

  /**
   * Longest number, in chars, the default mapper reads; parsing big numbers costs more than linear
   * time, and 100 digits hold any {@code long} or {@code double}.
   */
  static final int MAX_NUMBER_LENGTH = 100;

  /** Most tokens the default mapper reads in one document. */
  static final long MAX_TOKEN_COUNT = 1_000_000;

  private static final ObjectMapper DEFAULT_MAPPER = newObjectMapper();

  private final JavaType type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  private JsonCodec(ObjectMapper mapper, JavaType type) {
    this.type = type;
    // One frame is one message: anything after the first value is malformed, whatever the mapper
    // says. ObjectReader.with() leaves the application's mapper untouched.
    this.reader = mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.writer = mapper.writerFor(type);
  }

  /** Returns a codec of {@code type} that uses Herald's default mapper. */
  public static <T> JsonCodec<T> of(Class<T> type) {
    return of(type, DEFAULT_MAPPER);
  }

  /**
   * Returns a codec of {@code type} that uses the application's {@code mapper}, its settings and
   * its {@link StreamReadConstraints} as they are.
   *
   * @throws IllegalArgumentException if {@code mapper} does not read and write JSON
   */
  public static <T> JsonCodec<T> of(Class<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    return new JsonCodec<>(checkJson(mapper), mapper.constructType(type));
  }

  /**
   * Returns a codec of a generic type, such as {@code new TypeReference<Map<String, Object>>() {}},
   * that uses Herald's default mapper.
   */
  public static <T> JsonCodec<T> of(TypeReference<T> type) {
    return of(type, DEFAULT_MAPPER);
  }

  /**
   * Returns a codec of a generic type that uses the application's {@code mapper}.
   *
   * @throws IllegalArgumentException if {@code mapper} does not read and write JSON
   */
  public static <T> JsonCodec<T> of(TypeReference<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    return new JsonCodec<>(checkJson(mapper), mapper.constructType(type));
  }

  /**
   * Returns a catch-all factory that makes a JSON codec, with Herald's default mapper, for every
   * type it is asked about. Since it never returns null, it must come last among a manager's
   * factories: any factory after it is never asked.
   */
  public static Codec.Factory factory() {
    return factory(DEFAULT_MAPPER);
  }

  /**
   * Returns a catch-all factory that makes a JSON codec with the application's {@code mapper} for
   * every type it is asked about. Since it never returns null, it must come last among a manager's
   * factories.
   *
   * @throws IllegalArgumentException if {@code mapper} does not read and write JSON
   */
  public static Codec.Factory factory(ObjectMapper mapper) {
    return new Factory(checkJson(mapper));
  }

  /**
   * Returns a new mapper configured as Herald's default one, for an application to customize (for
   * example to register modules) and pass to {@link #of(Class, ObjectMapper)}.
   *
   * <p>Its reads are limited to: nesting depth 128, document length 16 MiB, string length 16 Mi
   * chars, property name length 4,096 chars, number length 100 chars, 1,000,000 tokens per
   * document. It writes characters outside the Basic Multilingual Plane, such as emoji, as UTF-8
   * rather than as escaped surrogate pairs. All other settings are Jackson's defaults.
   */
  public static ObjectMapper newObjectMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(readConstraints())
            // Chat is full of emoji: write them as 4 UTF-8 bytes rather than 12 bytes of escapes.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    return new JsonMapper(factory);
  }

  /** Returns the read limits of the default mapper, which {@link JsonProtocol} applies too. */
  static StreamReadConstraints readConstraints() {
    return StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxDocumentLength(MAX_DOCUMENT_LENGTH)
        .maxStringLength(MAX_STRING_LENGTH)
        .maxNameLength(MAX_NAME_LENGTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxTokenCount(MAX_TOKEN_COUNT)
        .build();
  }

  /**
   * Encodes {@code message} as the UTF-8 bytes of a text frame.
   *
   * @throws CodecException if Jackson cannot serialize it
   */
  @Override
  public Payload encode(T message) {
    try {
      return Payload.utf8(writer.writeValueAsBytes(message));
    } catch (JsonProcessingException e) {
      throw new CodecException(
          "cannot encode " + message.getClass().getName() + " as JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * Decodes one JSON text frame.
   *
   * @throws CodecException if the payload is a binary frame, is not valid UTF-8, is not one JSON
   *     value of type {@code T}, is JSON {@code null}, or exceeds a limit of the mapper
   */
  @Override
  public T decode(Payload payload) {
    if (!(payload instanceof Payload.Text text)) {
      throw new CodecException("expected a JSON text frame, got " + payload);
    }
    // text() validates UTF-8 strictly (Jackson's own check lets overlong forms through) and is
    // free when the transport made the payload from a String.
    String json = text.text();
    T message;
    try {
      message = reader.readValue(json);
    } catch (JsonProcessingException e) {
      throw new CodecException(
          "cannot decode JSON as " + type.toCanonical() + ": " + e.getOriginalMessage() + where(e),
          e);
    }
    if (message == null) {
      throw new CodecException("cannot decode JSON null as " + type.toCanonical());
    }
    return message;
  }

  @Override
  public String toString() {
    return "JsonCodec[" + type.toCanonical() + "]";
  }

  /** Says where in the document decoding failed, so that an error reply can name it. */
  private static String where(JsonProcessingException e) {
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder(" (at $");
      for (JsonMappingException.Reference reference : mapping.getPath()) {
        if (reference.getFieldName() != null) {
          path.append('.').append(reference.getFieldName());
        } else {
          path.append('[').append(reference.getIndex()).append(']');
        }
      }
      return path.append(')').toString();
    }
    JsonLocation location = e.getLocation();
    return location == null ? "" : " (at column " + location.getColumnNr() + ")";
  }

  private static ObjectMapper checkJson(ObjectMapper mapper) {
    String format = mapper.getFactory().getFormatName();
    if (!JsonFactory.FORMAT_NAME_JSON.equals(format)) {
      throw new IllegalArgumentException("mapper does not read and write JSON: " + format);
    }
    return mapper;
  }

  /** The catch-all factory; immutable. */
  private static final class Factory implements Codec.Factory {
    private final ObjectMapper mapper;

    Factory(ObjectMapper mapper) {
      this.mapper = mapper;
    }

    @Override
    public Codec<?> create(Type type) {
      return new JsonCodec<>(mapper, mapper.constructType(type));
    }

    @Override
    public String toString() {
      return "JsonCodec.factory()";
    }
  }
}
