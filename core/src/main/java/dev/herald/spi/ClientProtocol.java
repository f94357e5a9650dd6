package dev.herald.spi;

/**
 * Reads and writes the frames of the Herald client protocol ({@code docs/protocol.md}) in one
 * encoding, negotiated as the WebSocket subprotocol {@link #name()}. The application's data inside
 * a frame is encoded by the codec the manager pairs with the protocol, and embedded as it is.
 *
 * <p>Implementations must be immutable and thread-safe.
 */
public interface ClientProtocol {

  /** Returns the subprotocol name, such as {@code herald.v1.json}. */
  String name();

  /**
   * Encodes a frame for the client.
   *
   * @throws IllegalArgumentException if the frame's data is not one value of this encoding
   */
  Payload encode(ServerFrame frame);

  /**
   * Decodes a frame from the client. The data it carries is checked to be one value of this
   * encoding; decoding it into a message is the codec's work.
   *
   * @throws ProtocolException if the payload is not a frame of this protocol
   */
  ClientFrame decode(Payload payload);
}
