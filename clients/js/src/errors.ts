/**
 * A request failed, or the client cannot do what it was asked. `code` is one of the server's error
 * codes (docs/protocol.md, section 9) or one of the client's own: `buffer_full`, `connection_lost`,
 * `closed`, `already_subscribed`, `not_subscribed`, `protocol_mismatch`.
 */
export class HeraldError extends Error {
  readonly code: string;
  /** The topic the failed request was about, if any. */
  readonly topic: string | undefined;

  constructor(code: string, message: string, topic?: string) {
    super(message);
    this.name = "HeraldError";
    this.code = code;
    this.topic = topic;
  }
}

/** A `send` or `publish` found the buffer of frames waiting for a connection full. */
export class BufferFullError extends HeraldError {
  constructor(limit: number) {
    super("buffer_full", `the send buffer holds its maximum of ${limit} frames`);
    this.name = "BufferFullError";
  }
}
