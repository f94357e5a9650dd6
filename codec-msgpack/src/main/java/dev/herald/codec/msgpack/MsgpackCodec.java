package dev.herald.codec.msgpack;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.herald.CodecException;
import dev.herald.spi.Codec;
import dev.herald.spi.Payload;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.msgpack.value.Value;

/**
 * Encodes messages of type {@code T} as MessagePack binary frames and decodes them back: typed
 * messages with the MessagePack data format of Jackson ({@link #of(Class)}), or msgpack-core's own
 * {@link Value} trees without any mapping ({@link #value()}).
 *
 * <p>Before decoding, every frame is scanned once: each length a header declares must fit in the
 * bytes left in the frame, so no decoder allocates from an untrusted length; strings must be valid
 * UTF-8; nesting may not exceed the mapper's {@link StreamReadConstraints#getMaxNestingDepth() max
 * nesting depth} (128 for Herald's default mapper and for {@link #value()}); a frame holds at most
 * 1,000,000 values and exactly one top-level value. A top-level nil is rejected by the typed codec.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <T> the message type
 */
public final class MsgpackCodec<T> implements Codec<T> {

  /** Deepest nesting of arrays and maps the default mapper and the value codec read. */
  static final int MAX_NESTING_DEPTH = 128;

  /** Most values, containers included, one frame may hold. */
  static final int MAX_VALUES = 1_000_000;

  private static final ObjectMapper DEFAULT_MAPPER = newObjectMapper();

  private final JavaType type;
  private final ObjectReader reader;
  private final ObjectWriter writer;
  private final MsgpackScanner scanner;

  private MsgpackCodec(ObjectMapper mapper, JavaType type) {
    this.type = type;
    this.reader = mapper.readerFor(type);
    this.writer = mapper.writerFor(type);
    // Jackson's MessagePack parser does not enforce the stream read constraints itself.
    this.scanner =
        new MsgpackScanner(
            mapper.getFactory().streamReadConstraints().getMaxNestingDepth(), MAX_VALUES);
  }

  /** Returns a codec of {@code type} that uses Herald's default MessagePack mapper. */
  public static <T> MsgpackCodec<T> of(Class<T> type) {
    return of(type, DEFAULT_MAPPER);
  }

  /**
   * Returns a codec of {@code type} that uses the application's {@code mapper}, whose max nesting
   * depth applies.
   *
   * @throws IllegalArgumentException if {@code mapper} is not built on a {@link MessagePackFactory}
   */
  public static <T> MsgpackCodec<T> of(Class<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    return new MsgpackCodec<>(checkMsgpack(mapper), mapper.constructType(type));
  }

  /** Returns a codec of a generic type that uses Herald's default MessagePack mapper. */
  public static <T> MsgpackCodec<T> of(TypeReference<T> type) {
    return of(type, DEFAULT_MAPPER);
  }

  /**
   * Returns a codec of a generic type that uses the application's {@code mapper}.
   *
   * @throws IllegalArgumentException if {@code mapper} is not built on a {@link MessagePackFactory}
   */
  public static <T> MsgpackCodec<T> of(TypeReference<T> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    return new MsgpackCodec<>(checkMsgpack(mapper), mapper.constructType(type));
  }

  /**
   * Returns the codec of msgpack-core {@link Value}s, for schemaless messages: no Jackson, no
   * mapping. Decoded values are immutable. Its nesting limit is 128.
   */
  public static Codec<Value> value() {
    return ValueCodec.INSTANCE;
  }

  /**
   * Returns a catch-all factory: the {@link #value()} codec for {@link Value}, and a typed codec
   * with Herald's default mapper for every other type. Since it never returns null, it must come
   * last among a manager's factories.
   */
  public static Codec.Factory factory() {
    return factory(DEFAULT_MAPPER);
  }

  /**
   * Returns a catch-all factory as {@link #factory()}, whose typed codecs use the application's
   * {@code mapper}.
   *
   * @throws IllegalArgumentException if {@code mapper} is not built on a {@link MessagePackFactory}
   */
  public static Codec.Factory factory(ObjectMapper mapper) {
    return new Factory(checkMsgpack(mapper));
  }

  /**
   * Returns a new MessagePack mapper configured as Herald's default one (max nesting depth 128,
   * otherwise Jackson's and msgpack's defaults), for an application to customize and pass to {@link
   * #of(Class, ObjectMapper)}.
   */
  public static ObjectMapper newObjectMapper() {
    JsonFactory factory = new MessagePackFactory();
    factory.setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    return new ObjectMapper(factory);
  }

  /**
   * Encodes {@code message} as a binary frame.
   *
   * @throws CodecException if Jackson cannot serialize it
   */
  @Override
  public Payload encode(T message) {
    try {
      return Payload.binary(writer.writeValueAsBytes(message));
    } catch (IOException e) {
      throw new CodecException(
          "cannot encode " + message.getClass().getName() + " as MessagePack: " + reason(e), e);
    }
  }

  /**
   * Decodes one MessagePack binary frame.
   *
   * @throws CodecException if the payload is a text frame, is empty, truncated or malformed, holds
   *     more than one value or a nil, is not of type {@code T}, or exceeds a limit
   */
  @Override
  public T decode(Payload payload) {
    byte[] bytes = ValueCodec.binaryBytes(payload);
    scanner.check(bytes);
    T message;
    try {
      message = reader.readValue(bytes);
    } catch (IOException e) {
      throw new CodecException(
          "cannot decode MessagePack as " + type.toCanonical() + ": " + reason(e), e);
    } catch (RuntimeException e) {
      // The scan has vouched for the structure, yet the MessagePack parser still fails on some
      // well-formed input with unchecked exceptions (a NullPointerException in getText() when a
      // boolean stands where an object should be): whatever it throws, the frame is undecodable.
      throw new CodecException("cannot decode MessagePack as " + type.toCanonical() + ": " + e, e);
    }
    if (message == null) {
      throw new CodecException("cannot decode MessagePack nil as " + type.toCanonical());
    }
    return message;
  }

  @Override
  public String toString() {
    return "MsgpackCodec[" + type.toCanonical() + "]";
  }

  /** Returns Jackson's message without the location, which means little in binary input. */
  private static String reason(IOException e) {
    return e instanceof JsonProcessingException jackson
        ? jackson.getOriginalMessage()
        : e.toString();
  }

  private static ObjectMapper checkMsgpack(ObjectMapper mapper) {
    if (!(mapper.getFactory() instanceof MessagePackFactory)) {
      throw new IllegalArgumentException(
          "mapper is not built on a MessagePackFactory: "
              + mapper.getFactory().getClass().getName());
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
      if (type == Value.class) {
        return ValueCodec.INSTANCE;
      }
      return new MsgpackCodec<>(mapper, mapper.constructType(type));
    }

    @Override
    public String toString() {
      return "MsgpackCodec.factory()";
    }
  }
}
