/**
 * How frames travel: the subprotocol offered in the handshake, and its encoder and decoder.
 * `json` (the default) is built in; `msgpack` comes from `herald-client/msgpack`.
 */
export interface Encoding {
  readonly subprotocol: string;
  /** Turns one frame, a plain object, into what `WebSocket.send` takes. */
  encode(frame: Record<string, unknown>): string | Uint8Array;
  /** Turns what a message event carried into a value, or throws. */
  decode(data: string | ArrayBuffer): unknown;
}

/** The subprotocol `herald.v1.json`: one JSON object per text frame. */
export const json: Encoding = {
  subprotocol: "herald.v1.json",
  encode: (frame) => JSON.stringify(frame),
  decode(data) {
    if (typeof data !== "string") {
      throw new TypeError("a binary frame on herald.v1.json");
    }
    return JSON.parse(data);
  },
};
