import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import WebSocket from "ws";
import { BufferFullError } from "../dist/index.js";
import { client, next, record } from "./events.mjs";
import { startServer } from "./server.mjs";

// Java-WebSocket completes a refused handshake and closes with 4000 + the status: 4403 here.
let server;
before(async () => {
  server = await startServer(["--transport=java-websocket", "--allowed-origin=https://app.example"]);
});
after(() => server.stop());

/** Node's ws, sending the Origin a browser on `origin` would. */
function from(origin) {
  return class extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols, { origin });
    }
  };
}

test("after 4403 the client stops, and says so", async (t) => {
  const mallory = client(server.url, { clientId: "mallory", WebSocket: from("https://evil.example") });
  t.after(() => mallory.disconnect());
  const attempts = record(mallory, "connecting");
  const subscribe = mallory.subscribe("room:lobby");
  const send = mallory.send({ message: "never sent" });
  const stopped = next(mallory, "disconnected");
  mallory.connect();
  const disconnected = await stopped;
  assert.equal(disconnected.code, 4403);
  assert.equal(disconnected.reconnect, false);
  // A reconnect would have been scheduled in the same turn as the event.
  assert.equal(mallory.state, "disconnected");
  assert.equal(attempts.events.length, 1);
  await assert.rejects(subscribe, { code: "closed" });
  await assert.rejects(send, { code: "closed" });
});

test("the same client from an allowed origin gets in", async (t) => {
  const alice = client(server.url, { clientId: "alice", WebSocket: from("https://app.example") });
  t.after(() => alice.disconnect());
  const connected = next(alice, "connected");
  alice.connect();
  assert.equal((await connected).client, "alice");
});

test("while disconnected, sends wait in a bounded buffer and go out in order on connecting", async (t) => {
  const alice = client(server.url, {
    clientId: "buffered",
    WebSocket: from("https://app.example"),
    maxBuffered: 3,
  });
  t.after(() => alice.disconnect());
  const echoes = record(alice, "message");
  const sent = [1, 2, 3].map((n) => alice.send({ message: `m${n}` }));
  const overflow = alice.send({ message: "m4" });
  await assert.rejects(overflow, (e) => e instanceof BufferFullError && e.name === "BufferFullError" && e.code === "buffer_full");
  alice.connect();
  await Promise.all(sent);
  const received = await echoes.until(4);
  assert.equal(received[0].data.type, "welcome");
  assert.deepEqual(
    received.slice(1).map((m) => m.data.data.message),
    ["m1", "m2", "m3"],
  );
});
