import { Backoff } from "./backoff.js";
import { Emitter, safely } from "./emitter.js";
import { type Encoding, json } from "./encoding.js";
import { BufferFullError, HeraldError } from "./errors.js";
import type {
  Disconnected,
  HeraldEvents,
  Position,
  Publication,
  Published,
  State,
  Subscribed,
  WebSocketConstructor,
} from "./types.js";

/** How a {@link Herald} client connects; every field is optional. */
export interface HeraldOptions {
  /** `json` (the default) or `msgpack` from `herald-client/msgpack`. */
  readonly encoding?: Encoding;
  /** Sent as the query parameter `clientId` of every handshake. */
  readonly clientId?: string;
  /**
   * Sent as the query parameter `token` of every handshake; a function is called before each
   * attempt, so that it can hand out a fresh token.
   */
  readonly token?: string | (() => string | Promise<string>);
  /** The WebSocket class; default: the global one. Node 20 has none: pass `ws`'s. */
  readonly WebSocket?: WebSocketConstructor;
  /** The bound of the first reconnect delay, in ms; it doubles per failure. Default 500. */
  readonly minReconnectDelay?: number;
  /** The cap of the reconnect delay, in ms. Default 20,000. */
  readonly maxReconnectDelay?: number;
  /** How long a connection must last for the back-off to start over, in ms. Default 10,000. */
  readonly stableAfter?: number;
  /** How long to wait for any frame after the client's own ping, in ms. Default 5,000. */
  readonly heartbeatTimeout?: number;
  /** How long an attempt may take until the server's `connected`, in ms. Default 10,000. */
  readonly connectTimeout?: number;
  /** How many `send` and `publish` frames wait for a connection at most. Default 100. */
  readonly maxBuffered?: number;
}

/** What `subscribe` takes besides the topic. */
export interface SubscribeOptions {
  /** A position kept from earlier (say, in local storage): receive what followed it first. */
  readonly since?: Position;
  /** Called with each publication of this topic, before the `publication` event. */
  readonly onPublication?: (publication: Publication) => void;
}

interface Socket {
  readonly protocol: string;
  binaryType: string;
  onopen: (() => void) | null;
  onmessage: ((event: { data: string | ArrayBuffer }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: (() => void) | null;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (error: Error) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

interface Subscription {
  readonly topic: string;
  readonly byServer: boolean;
  readonly listener: ((publication: Publication) => void) | undefined;
  position: Position | undefined;
  /** Subscribed on the current connection. */
  live: boolean;
  /** A subscribe for it is on the wire and unanswered. */
  requested: boolean;
  /** It saw an offset skip ahead: unsubscribed to subscribe again from its position. */
  resyncing: boolean;
  /** The promise of `subscribe`, until the first reply. */
  first: Deferred<Subscribed> | undefined;
  /** The server refused its position as ahead of the topic: the next `subscribed` says lost. */
  positionLost: boolean;
  /** Delays between resubscribes the server could not serve now; made on the first. */
  retries: Backoff | undefined;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
}

/** Returns a subscription not yet subscribed on any connection. */
function newSubscription(
  topic: string,
  byServer: boolean,
  listener: ((publication: Publication) => void) | undefined,
  position: Position | undefined,
  first: Deferred<Subscribed> | undefined,
): Subscription {
  return {
    topic,
    byServer,
    listener,
    position,
    live: false,
    requested: false,
    resyncing: false,
    first,
    positionLost: false,
    retries: undefined,
    retryTimer: undefined,
  };
}

type Request =
  | { readonly kind: "subscribe" | "resync"; readonly subscription: Subscription }
  | { readonly kind: "unsubscribe"; readonly done: Deferred<void> }
  | { readonly kind: "publish"; readonly done: Deferred<Published> };

type Outbound =
  | { readonly kind: "publish"; readonly frame: Frame; readonly done: Deferred<Published> }
  | { readonly kind: "message"; readonly frame: Frame; readonly done: Deferred<void> };

type Frame = Record<string, unknown>;

/**
 * Error codes that asking again cannot change; any other (`unavailable`, or a code of a later
 * version of the protocol) may pass, so a resubscribe that gets one is tried again.
 */
const NOT_RETRIED = new Set([
  "bad_frame",
  "unknown_type",
  "bad_position",
  "bad_topic",
  "bad_data",
  "forbidden",
  "too_many_subscriptions",
  "already_subscribed",
  "not_subscribed",
]);

/** Close codes after which coming back cannot help: authentication failed, forbidden. */
const NO_RECONNECT = new Set([4401, 4403]);

/**
 * A client of the Herald client protocol (docs/protocol.md): it connects, reconnects with
 * exponential back-off and full jitter, honours the server's farewell, finds a dead connection
 * from missing frames, and resubscribes from the last position of each topic so that nothing is
 * missed, or says so.
 *
 * Not thread-safe in the sense of workers: use an instance from the thread that made it.
 */
export class Herald extends Emitter<HeraldEvents> {
  private readonly url: string;
  private readonly options: HeraldOptions;
  private readonly encoding: Encoding;
  private readonly backoff: Backoff;
  private readonly heartbeatTimeout: number;
  private readonly maxBuffered: number;
  private readonly subscriptionsByTopic = new Map<string, Subscription>();
  private readonly requests = new Map<number, Request>();
  private readonly buffer: Outbound[] = [];
  private current: State = "disconnected";
  private readonly WebSocket: new (url: string, protocols: string[]) => Socket;
  private socket: Socket | undefined;
  /** The server's `disconnect` frame, which comes just before its close. */
  private farewell: (Disconnected & { readonly after: number | undefined }) | undefined;
  private nextId = 1;
  private ping = 0;
  private lastSeen = 0;
  private pingSentAt = 0;
  private attemptTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  private stableTimer: ReturnType<typeof setTimeout> | undefined;

  /** Makes a client of the server at `url` (`ws://` or `wss://`); `connect()` starts it. */
  constructor(url: string, options: HeraldOptions = {}) {
    super();
    this.url = new URL(url).href;
    this.options = options;
    this.encoding = options.encoding ?? json;
    this.backoff = new Backoff(
      positive(options.minReconnectDelay ?? 500, "minReconnectDelay"),
      positive(options.maxReconnectDelay ?? 20_000, "maxReconnectDelay"),
    );
    this.heartbeatTimeout = positive(options.heartbeatTimeout ?? 5_000, "heartbeatTimeout");
    this.maxBuffered = positive(options.maxBuffered ?? 100, "maxBuffered");
    positive(options.stableAfter ?? 10_000, "stableAfter");
    positive(options.connectTimeout ?? 10_000, "connectTimeout");
    const constructor = options.WebSocket ?? globalThis.WebSocket;
    if (!constructor) {
      throw new TypeError("no global WebSocket here (Node before 22): pass one, e.g. ws's");
    }
    this.WebSocket = constructor as new (url: string, protocols: string[]) => Socket;
  }

  /** Returns what the client is doing. */
  get state(): State {
    return this.current;
  }

  /** Returns the last position the client holds for `topic`, if the topic has history. */
  position(topic: string): Position | undefined {
    return this.subscriptionsByTopic.get(topic)?.position;
  }

  /** Starts connecting, and keeps connected until `disconnect()`; does nothing if started. */
  connect(): void {
    if (this.current !== "disconnected") {
      return;
    }
    this.current = "connecting";
    this.schedule(this.backoff.attempts(), 0);
  }

  /**
   * Closes the connection with 1000 and stops reconnecting. Waiting `send`s and `publish`es fail
   * with `closed`; subscriptions are kept, and resumed from their positions on the next
   * `connect()`.
   */
  disconnect(): void {
    if (this.current === "disconnected") {
      return;
    }
    const socket = this.socket;
    if (socket) {
      this.forget(socket);
      closeQuietly(socket, 1000, "client disconnect");
    }
    this.stop(1000, "client disconnect", new HeraldError("closed", "the client disconnected"));
  }

  /**
   * Subscribes to `topic`, now if connected or else on connecting, and on every reconnect from the
   * last position. Resolves with the first `subscribed`; later ones are `subscribed` events.
   * Rejects with the server's error (`forbidden`, ...) or `already_subscribed`.
   */
  subscribe(topic: string, options: SubscribeOptions = {}): Promise<Subscribed> {
    if (this.subscriptionsByTopic.has(topic)) {
      return Promise.reject(
        new HeraldError("already_subscribed", "subscribed to this topic already", topic),
      );
    }
    const first = deferred<Subscribed>();
    const subscription = newSubscription(topic, false, options.onPublication, options.since, first);
    this.subscriptionsByTopic.set(topic, subscription);
    if (this.current === "connected") {
      this.requestSubscribe(subscription);
    }
    return first.promise;
  }

  /** Ends the subscription to `topic`: no publication of it is delivered after this call. */
  unsubscribe(topic: string): Promise<void> {
    const subscription = this.subscriptionsByTopic.get(topic);
    if (!subscription) {
      return Promise.reject(new HeraldError("not_subscribed", "not subscribed to this topic", topic));
    }
    this.subscriptionsByTopic.delete(topic);
    clearTimeout(subscription.retryTimer);
    subscription.first?.reject(new HeraldError("closed", "unsubscribed", topic));
    const done = deferred<void>();
    if (this.current === "connected" && (subscription.live || subscription.requested)) {
      this.request({ type: "unsubscribe", topic }, { kind: "unsubscribe", done });
    } else {
      done.resolve();
    }
    return done.promise;
  }

  /**
   * Publishes `data` to `topic`, now or, while disconnected, from the send buffer on connecting.
   * Resolves when the server accepted it; rejects with its error (`forbidden`, ...),
   * `buffer_full` ({@link BufferFullError}), or `connection_lost` if the connection ended before
   * the answer (the publication may or may not have happened).
   */
  publish(topic: string, data: unknown): Promise<Published> {
    const done = deferred<Published>();
    this.outbound({ kind: "publish", frame: { type: "publish", topic, data }, done });
    return done.promise;
  }

  /**
   * Sends `data` to the application outside any topic, now or from the send buffer on connecting.
   * Resolves once handed to the socket; rejects with `buffer_full` ({@link BufferFullError}).
   */
  send(data: unknown): Promise<void> {
    const done = deferred<void>();
    this.outbound({ kind: "message", frame: { type: "message", data }, done });
    return done.promise;
  }

  private outbound(entry: Outbound): void {
    if (this.current === "connected") {
      this.transmit(entry);
    } else if (this.buffer.length >= this.maxBuffered) {
      entry.done.reject(new BufferFullError(this.maxBuffered));
    } else {
      this.buffer.push(entry);
    }
  }

  private transmit(entry: Outbound): void {
    if (entry.kind === "publish") {
      this.request(entry.frame, { kind: "publish", done: entry.done });
    } else if (this.write(entry.frame, entry.done.reject)) {
      entry.done.resolve();
    }
  }

  private request(frame: Frame, request: Request): void {
    const id = this.nextId++;
    this.requests.set(id, request);
    const failed = (error: Error) => {
      this.requests.delete(id);
      if (request.kind === "unsubscribe" || request.kind === "publish") {
        request.done.reject(error);
      }
    };
    this.write({ ...frame, id }, failed);
  }

  private write(frame: Frame, failed: (error: Error) => void = () => {}): boolean {
    const socket = this.socket;
    if (!socket) {
      failed(new HeraldError("connection_lost", "the connection ended"));
      return false;
    }
    try {
      socket.send(this.encoding.encode(frame));
      return true;
    } catch (error) {
      failed(new HeraldError("bad_data", "could not send: " + String(error)));
      return false;
    }
  }

  private requestSubscribe(subscription: Subscription): void {
    subscription.requested = true;
    const frame: Frame = { type: "subscribe", topic: subscription.topic };
    if (subscription.position) {
      frame.epoch = subscription.position.epoch;
      frame.offset = subscription.position.offset;
    }
    this.request(frame, { kind: "subscribe", subscription });
  }

  private schedule(attempt: number, delay: number, code?: number, reason?: string): void {
    this.emit("connecting", {
      attempt,
      delay,
      ...(code === undefined ? {} : { code }),
      ...(reason === undefined ? {} : { reason }),
    });
    this.attemptTimer = setTimeout(() => void this.open(), delay);
  }

  private async open(): Promise<void> {
    this.attemptTimer = undefined;
    let url: string;
    try {
      url = await this.handshakeUrl();
    } catch (error) {
      if (this.current === "connecting") {
        this.emit("error", new HeraldError("unavailable", "no token: " + String(error)));
        this.retry(1006, "no token");
      }
      return;
    }
    if (this.current !== "connecting" || this.socket) {
      return;
    }
    let socket: Socket;
    try {
      socket = new this.WebSocket(url, [this.encoding.subprotocol]);
    } catch (error) {
      this.emit("error", new HeraldError("unavailable", "cannot open a WebSocket: " + String(error)));
      this.retry(1006, "cannot open a WebSocket");
      return;
    }
    this.socket = socket;
    this.farewell = undefined;
    socket.binaryType = "arraybuffer";
    socket.onopen = () => {
      if (socket.protocol !== this.encoding.subprotocol) {
        this.emit(
          "error",
          new HeraldError(
            "protocol_mismatch",
            `the server did not accept ${this.encoding.subprotocol}`,
          ),
        );
        this.abandon(socket, 1002, "subprotocol not accepted");
      }
    };
    socket.onmessage = (event) => this.receive(socket, event.data);
    socket.onclose = (event) => this.closed(socket, event.code, event.reason);
    // An error is always followed by a close, which carries what there is to know.
    socket.onerror = () => {};
    const timeout = this.options.connectTimeout ?? 10_000;
    this.connectTimer = setTimeout(
      () => this.abandon(socket, 4408, `not connected within ${timeout} ms`),
      timeout,
    );
  }

  private async handshakeUrl(): Promise<string> {
    const url = new URL(this.url);
    if (this.options.clientId !== undefined) {
      url.searchParams.set("clientId", this.options.clientId);
    }
    const token = this.options.token;
    if (token !== undefined) {
      url.searchParams.set("token", typeof token === "string" ? token : await token());
    }
    return url.href;
  }

  /** Gives up on `socket` without waiting for its close, which a dead network may never bring. */
  private abandon(socket: Socket, code: number, reason: string): void {
    if (socket !== this.socket) {
      return;
    }
    this.forget(socket);
    closeQuietly(socket);
    this.ended(code, reason);
  }

  private forget(socket: Socket): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    // Not null: Node's ws throws an error event that nobody listens to, as closing a socket that
    // is still connecting emits one.
    socket.onerror = () => {};
    this.socket = undefined;
    clearTimeout(this.connectTimer);
    clearTimeout(this.heartbeatTimer);
    clearTimeout(this.stableTimer);
    clearTimeout(this.attemptTimer);
    for (const [topic, subscription] of this.subscriptionsByTopic) {
      if (subscription.byServer) {
        // The server subscribes the next connection again if it wants to.
        this.subscriptionsByTopic.delete(topic);
      }
      subscription.live = false;
      subscription.requested = false;
      subscription.resyncing = false;
      clearTimeout(subscription.retryTimer);
    }
    for (const request of this.requests.values()) {
      if (request.kind === "unsubscribe") {
        request.done.resolve();
      } else if (request.kind === "publish") {
        request.done.reject(
          new HeraldError("connection_lost", "the connection ended before the server answered"),
        );
      }
    }
    this.requests.clear();
  }

  private closed(socket: Socket, code: number, reason: string): void {
    if (socket === this.socket) {
      this.forget(socket);
      this.ended(code, reason);
    }
  }

  private ended(code: number, reason: string): void {
    const farewell = this.farewell;
    this.farewell = undefined;
    const ended = farewell ?? { code, reason, reconnect: !NO_RECONNECT.has(code) };
    if (!ended.reconnect) {
      this.stop(ended.code, ended.reason, new HeraldError("closed", "the server refused"));
      return;
    }
    const wasConnected = this.current === "connected";
    this.current = "connecting";
    if (wasConnected) {
      this.emit("disconnected", { code: ended.code, reason: ended.reason, reconnect: true });
    }
    this.retry(ended.code, ended.reason, farewell?.after);
  }

  /** Schedules the next attempt after `after` ms if the server said so, else after a back-off. */
  private retry(code: number, reason: string, after?: number): void {
    const delay = this.backoff.next();
    this.schedule(this.backoff.attempts(), after ?? delay, code, reason);
  }

  private stop(code: number, reason: string, error: HeraldError): void {
    this.current = "disconnected";
    clearTimeout(this.attemptTimer);
    for (const [topic, subscription] of this.subscriptionsByTopic) {
      if (subscription.first) {
        this.subscriptionsByTopic.delete(topic);
        subscription.first.reject(error);
      }
    }
    for (const entry of this.buffer.splice(0)) {
      entry.done.reject(error);
    }
    this.emit("disconnected", { code, reason, reconnect: false });
  }

  private receive(socket: Socket, data: string | ArrayBuffer): void {
    if (socket !== this.socket) {
      return;
    }
    this.lastSeen = performance.now();
    let frame: Frame;
    try {
      const value = this.encoding.decode(data);
      if (typeof value !== "object" || value === null || typeof (value as Frame).type !== "string") {
        throw new TypeError("not a frame");
      }
      frame = value as Frame;
    } catch {
      this.emit("error", new HeraldError("bad_frame", "the server sent a frame this client cannot read"));
      return;
    }
    switch (frame.type) {
      case "connected":
        this.onConnected(socket, frame);
        break;
      case "ping":
        this.write({ type: "pong" });
        break;
      case "subscribed":
        this.onSubscribed(frame);
        break;
      case "unsubscribed":
        this.onUnsubscribed(frame);
        break;
      case "publication":
        this.onPublication(frame);
        break;
      case "published":
        this.onPublished(frame);
        break;
      case "message":
        this.emit("message", { data: frame.data });
        break;
      case "error":
        this.onError(frame);
        break;
      case "disconnect":
        this.farewell = {
          code: Number(frame.code),
          reason: String(frame.reason ?? ""),
          reconnect: frame.reconnect !== false,
          after: typeof frame.after === "number" && frame.after >= 0 ? frame.after : undefined,
        };
        break;
      default:
      // Frames of a later version of the protocol: ignored, as it says.
    }
  }

  private onConnected(socket: Socket, frame: Frame): void {
    if (this.current !== "connecting") {
      return;
    }
    clearTimeout(this.connectTimer);
    this.current = "connected";
    this.ping = typeof frame.ping === "number" ? frame.ping : 0;
    if (this.ping > 0) {
      this.pingSentAt = 0;
      this.heartbeatTimer = setTimeout(() => this.heartbeat(socket), this.ping);
    }
    this.stableTimer = setTimeout(() => this.backoff.reset(), this.options.stableAfter ?? 10_000);
    for (const subscription of this.subscriptionsByTopic.values()) {
      if (!subscription.byServer) {
        this.requestSubscribe(subscription);
      }
    }
    this.emit("connected", {
      connection: String(frame.connection),
      client: String(frame.client),
      ping: this.ping,
    });
    for (const entry of this.buffer.splice(0)) {
      this.transmit(entry);
    }
  }

  /**
   * Checks for signs of life. The server pings only a client that has been silent, so a client
   * that sends a lot may hear nothing for long: after a ping interval of silence the client pings
   * itself, and gives up when nothing at all answers within the heartbeat timeout. Measured on
   * elapsed time rather than on the timer, so that a browser's throttled timers in a background
   * tab do not count as silence.
   */
  private heartbeat(socket: Socket): void {
    const now = performance.now();
    if (this.pingSentAt > this.lastSeen) {
      const waited = now - this.pingSentAt;
      if (waited >= this.heartbeatTimeout) {
        this.abandon(socket, 4408, `no frame from the server within ${Math.round(this.ping + waited)} ms`);
        return;
      }
      this.heartbeatTimer = setTimeout(() => this.heartbeat(socket), this.heartbeatTimeout - waited);
      return;
    }
    const silent = now - this.lastSeen;
    if (silent >= this.ping) {
      this.pingSentAt = now;
      this.write({ type: "ping" });
      this.heartbeatTimer = setTimeout(() => this.heartbeat(socket), this.heartbeatTimeout);
    } else {
      this.heartbeatTimer = setTimeout(() => this.heartbeat(socket), this.ping - silent);
    }
  }

  private onSubscribed(frame: Frame): void {
    const topic = String(frame.topic);
    const request = this.takeRequest(frame);
    let subscription = this.subscriptionsByTopic.get(topic);
    if (request && (request.kind !== "subscribe" || request.subscription !== subscription)) {
      // Unsubscribed meanwhile: its unsubscribed follows.
      return;
    }
    if (!subscription) {
      subscription = newSubscription(topic, true, undefined, undefined, undefined);
      this.subscriptionsByTopic.set(topic, subscription);
    }
    const position = readPosition(frame);
    subscription.live = true;
    subscription.requested = false;
    subscription.position = position;
    subscription.retries = undefined;
    const recovered = subscription.positionLost ? false : frame.recovered;
    subscription.positionLost = false;
    const event: Subscribed = {
      topic,
      ...(position ? { position } : {}),
      ...(typeof recovered === "boolean" ? { recovered } : {}),
    };
    const first = subscription.first;
    subscription.first = undefined;
    first?.resolve(event);
    this.emit("subscribed", event);
  }

  private onUnsubscribed(frame: Frame): void {
    const topic = String(frame.topic);
    const request = this.takeRequest(frame);
    if (request?.kind === "unsubscribe") {
      request.done.resolve();
    } else if (request?.kind === "resync") {
      request.subscription.resyncing = false;
      request.subscription.live = false;
      if (this.subscriptionsByTopic.get(topic) === request.subscription) {
        this.requestSubscribe(request.subscription);
      }
    } else if (!request && this.subscriptionsByTopic.has(topic)) {
      this.subscriptionsByTopic.delete(topic);
      this.emit("unsubscribed", { topic });
    }
  }

  private onPublication(frame: Frame): void {
    const topic = String(frame.topic);
    const subscription = this.subscriptionsByTopic.get(topic);
    if (!subscription || !subscription.live || subscription.resyncing) {
      return;
    }
    const position = readPosition(frame);
    const last = subscription.position;
    if (position && last) {
      if (position.epoch === last.epoch && position.offset <= last.offset) {
        return;
      }
      if (position.epoch !== last.epoch || position.offset > last.offset + 1) {
        // Something was dropped on the way (a server that drops for slow readers): ask again
        // from the last position, which the history answers while it holds it.
        subscription.resyncing = true;
        this.request({ type: "unsubscribe", topic }, { kind: "resync", subscription });
        return;
      }
    }
    if (position) {
      subscription.position = position;
    }
    const publication: Publication = { topic, data: frame.data, ...(position ? { position } : {}) };
    if (subscription.listener) {
      safely(subscription.listener, publication);
    }
    this.emit("publication", publication);
  }

  private onPublished(frame: Frame): void {
    const request = this.takeRequest(frame);
    if (request?.kind === "publish") {
      const position = readPosition(frame);
      request.done.resolve({ topic: String(frame.topic), ...(position ? { position } : {}) });
    }
  }

  private onError(frame: Frame): void {
    const request = this.takeRequest(frame);
    const code = String(frame.code);
    const message = String(frame.message ?? "");
    if (!request) {
      this.emit("error", new HeraldError(code, message));
      return;
    }
    switch (request.kind) {
      case "publish":
      case "unsubscribe":
        if (request.kind === "unsubscribe" && code === "not_subscribed") {
          request.done.resolve();
        } else {
          request.done.reject(new HeraldError(code, message));
        }
        break;
      case "resync":
        request.subscription.resyncing = false;
        this.requestSubscribe(request.subscription);
        break;
      case "subscribe": {
        const subscription = request.subscription;
        subscription.requested = false;
        if (code === "already_subscribed" && subscription.live) {
          // The server subscribed this connection itself, just before.
          return;
        }
        if (this.subscriptionsByTopic.get(subscription.topic) !== subscription) {
          return;
        }
        if (code === "bad_position" && subscription.position) {
          // Ahead of the topic: its history was lost (say, restored from an older copy).
          // Start over from the latest, and say that what followed the position is lost.
          subscription.position = undefined;
          subscription.positionLost = true;
          this.requestSubscribe(subscription);
          return;
        }
        const error = new HeraldError(code, message, subscription.topic);
        if (!subscription.first && !NOT_RETRIED.has(code)) {
          // A resubscribe the server cannot serve now (its history is unreachable): again later.
          this.emit("error", error);
          this.retryLater(subscription);
          return;
        }
        this.subscriptionsByTopic.delete(subscription.topic);
        if (subscription.first) {
          subscription.first.reject(error);
        } else {
          this.emit("error", error);
        }
      }
    }
  }

  private retryLater(subscription: Subscription): void {
    subscription.retries ??= new Backoff(
      this.options.minReconnectDelay ?? 500,
      this.options.maxReconnectDelay ?? 20_000,
    );
    subscription.retryTimer = setTimeout(() => {
      const current = this.subscriptionsByTopic.get(subscription.topic) === subscription;
      if (current && this.current === "connected" && !subscription.live && !subscription.requested) {
        this.requestSubscribe(subscription);
      }
    }, subscription.retries.next());
  }

  private takeRequest(frame: Frame): Request | undefined {
    if (typeof frame.id !== "number") {
      return undefined;
    }
    const request = this.requests.get(frame.id);
    this.requests.delete(frame.id);
    return request;
  }
}

function readPosition(frame: Frame): Position | undefined {
  const { epoch, offset } = frame;
  return typeof epoch === "string" && typeof offset === "number" ? { epoch, offset } : undefined;
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive number of ms: ${value}`);
  }
  return value;
}

function closeQuietly(socket: Socket, code?: number, reason?: string): void {
  try {
    if (code === undefined) {
      socket.close();
    } else {
      socket.close(code, reason);
    }
  } catch {
    // Closing a socket that never opened may throw; it is gone either way.
  }
}
