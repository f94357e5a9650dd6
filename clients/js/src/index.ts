export { Herald } from "./herald.js";
export type { HeraldOptions, SubscribeOptions } from "./herald.js";
export { json } from "./encoding.js";
export type { Encoding } from "./encoding.js";
export { BufferFullError, HeraldError } from "./errors.js";
export type {
  Connected,
  Connecting,
  Disconnected,
  HeraldEvents,
  Position,
  Publication,
  Published,
  State,
  Subscribed,
  WebSocketConstructor,
} from "./types.js";
