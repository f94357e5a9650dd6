import { decode, encode } from "@msgpack/msgpack";
import type { Encoding } from "./encoding.js";

/** The subprotocol `herald.v1.msgpack`: one MessagePack map per binary frame. */
export const msgpack: Encoding = {
  subprotocol: "herald.v1.msgpack",
  encode: (frame) => encode(frame, { ignoreUndefined: true }),
  decode(data) {
    if (typeof data === "string") {
      throw new TypeError("a text frame on herald.v1.msgpack");
    }
    return decode(data);
  },
};
