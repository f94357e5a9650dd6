import type { HeraldError } from "./errors.js";

/** Where a topic's stream is: its history's epoch and the offset of the last publication. */
export interface Position {
  readonly epoch: string;
  readonly offset: number;
}

/** A publication to a topic this client subscribed to. */
export interface Publication {
  readonly topic: string;
  readonly data: unknown;
  /** Absent for topics without history. */
  readonly position?: Position;
}

/** A subscription started, restarted, or resumed after a reconnect. */
export interface Subscribed {
  readonly topic: string;
  /** Where the publications that follow continue from; absent for topics without history. */
  readonly position?: Position;
  /**
   * Present when the client resubscribed from a position, or the server restarted the stream:
   * true if every publication after the position follows, false if some were lost (resynchronise
   * the application's state before relying on what follows).
   */
  readonly recovered?: boolean;
}

/** A publish was accepted; `position` is the publication's, for a topic with history. */
export interface Published {
  readonly topic: string;
  readonly position?: Position;
}

/** The server accepted the connection. */
export interface Connected {
  /** The server's id of this connection, for logs and support. */
  readonly connection: string;
  /** Who the connection authenticated as. */
  readonly client: string;
  /** The server's ping interval in milliseconds, 0 if it sends none. */
  readonly ping: number;
}

/** The connection ended; `reconnect` says whether the client will connect again by itself. */
export interface Disconnected {
  readonly code: number;
  readonly reason: string;
  readonly reconnect: boolean;
}

/** An attempt to connect is scheduled, `delay` milliseconds from now. */
export interface Connecting {
  /**
   * 0 for the first connect; then the number of this reconnect in a row: 1, 2, ... until a
   * connection lasts `stableAfter`.
   */
  readonly attempt: number;
  readonly delay: number;
  /** The close code and reason that ended the previous connection or attempt, if any. */
  readonly code?: number;
  readonly reason?: string;
}

/** The events a {@link Herald} client emits, by name. */
export interface HeraldEvents {
  connecting: Connecting;
  connected: Connected;
  disconnected: Disconnected;
  subscribed: Subscribed;
  /** The server ended a subscription. */
  unsubscribed: { readonly topic: string };
  publication: Publication;
  /** A message from the application outside any topic. */
  message: { readonly data: unknown };
  /** A failure no promise reports: a resubscribe refused, an error frame without a request. */
  error: HeraldError;
}

/** What the client is doing. */
export type State = "disconnected" | "connecting" | "connected";

/** Anything constructed like the standard `WebSocket`: the browser's, or Node's `ws`. */
export type WebSocketConstructor = new (url: string, protocols: string[]) => unknown;
