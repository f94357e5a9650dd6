// Against a scripted server (Node's ws on 127.0.0.1) that sends what a Herald server would not:
// garbage, frames of a later version, skipped offsets, silence after the handshake.
import assert from "node:assert/strict";
import { once } from "node:events";
import net from "node:net";
import { after, before, test } from "node:test";
import { WebSocketServer } from "ws";
import { client, next, record } from "./events.mjs";

let server;
let url;
const sessions = [];
let script = () => {};
before(async () => {
  server = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    handleProtocols: (protocols) => (protocols.has("herald.v1.json") ? "herald.v1.json" : false),
  });
  await once(server, "listening");
  url = `ws://127.0.0.1:${server.address().port}/ws`;
  server.on("connection", (socket, request) => {
    const frames = [];
    const session = { socket, frames, url: request.url, send: (frame) => socket.send(JSON.stringify(frame)) };
    sessions.push(session);
    socket.on("message", (data) => {
      frames.push(JSON.parse(data.toString()));
      session.onFrame?.(frames.at(-1));
    });
    script(session);
  });
});
after(async () => {
  for (const client of server.clients) {
    client.terminate();
  }
  server.close();
});

function connected(session) {
  session.send({ type: "connected", connection: "c1", client: "alice", ping: 0 });
}

test("garbage and unknown frames are reported or skipped, and the connection keeps working", async (t) => {
  script = (session) => {
    session.socket.send("not json at all");
    session.socket.send(JSON.stringify([1, 2]));
    session.send({ type: "from-version-2", x: 1 });
    connected(session);
    session.send({ type: "message", data: "still here" });
  };
  const alice = client(url);
  t.after(() => alice.disconnect());
  const errors = record(alice, "error");
  const message = next(alice, "message");
  alice.connect();
  assert.equal((await message).data, "still here");
  assert.deepEqual(
    errors.events.map((e) => e.code),
    ["bad_frame", "bad_frame"],
  );
  assert.doesNotMatch(errors.events[0].message, /SyntaxError|JSON\.parse|at /);
  assert.equal(alice.state, "connected");
});

test("a server that never says connected is given up after connectTimeout, and tried again", async (t) => {
  script = () => {};
  const alice = client(url, { connectTimeout: 300 });
  t.after(() => alice.disconnect());
  const attempts = record(alice, "connecting");
  alice.connect();
  const [, retry] = await attempts.until(2);
  assert.equal(retry.code, 4408);
  assert.match(retry.reason, /not connected within 300 ms/);
  assert.equal(alice.state, "connecting");
});

test("an offset that skips ahead makes the client resubscribe from its position, and nothing is delivered twice", async (t) => {
  const publication = (offset) => ({ type: "publication", topic: "room:a", epoch: "e1", offset, data: { n: offset } });
  script = (session) => {
    connected(session);
    session.onFrame = (frame) => {
      if (frame.type === "subscribe" && frame.offset === undefined) {
        session.send({ type: "subscribed", id: frame.id, topic: "room:a", epoch: "e1", offset: 0 });
        session.send(publication(1));
        session.send(publication(3));
        session.send(publication(4));
      } else if (frame.type === "unsubscribe") {
        session.send({ type: "unsubscribed", id: frame.id, topic: "room:a" });
      } else if (frame.type === "subscribe") {
        session.send({ type: "subscribed", id: frame.id, topic: "room:a", epoch: "e1", offset: frame.offset, recovered: true });
        for (let offset = frame.offset + 1; offset <= 4; offset++) {
          session.send(publication(offset));
        }
        session.send(publication(4));
      }
    };
  };
  const alice = client(url);
  t.after(() => alice.disconnect());
  const publications = record(alice, "publication");
  const subscribed = record(alice, "subscribed");
  alice.connect();
  await alice.subscribe("room:a");
  await publications.until(4);
  const session = sessions.at(-1);
  assert.deepEqual(
    session.frames.filter((f) => f.type !== "pong").map(({ type, offset, epoch }) => ({ type, offset, epoch })),
    [
      { type: "subscribe", offset: undefined, epoch: undefined },
      { type: "unsubscribe", offset: undefined, epoch: undefined },
      { type: "subscribe", offset: 1, epoch: "e1" },
    ],
  );
  assert.deepEqual(
    publications.events.map((p) => p.data.n),
    [1, 2, 3, 4],
  );
  assert.deepEqual((await subscribed.until(2))[1], { topic: "room:a", position: { epoch: "e1", offset: 1 }, recovered: true });
});

test("a server ping is answered with a pong", async (t) => {
  script = (session) => {
    connected(session);
    session.send({ type: "ping" });
  };
  const alice = client(url);
  t.after(() => alice.disconnect());
  alice.connect();
  await next(alice, "connected");
  const session = sessions.at(-1);
  const pong = new Promise((resolve) => {
    const seen = () => session.frames.some((f) => f.type === "pong");
    if (seen()) {
      resolve();
    }
    session.onFrame = () => seen() && resolve();
  });
  await pong;
});

test("a client that hears nothing for the ping interval pings, and an answer keeps it connected", async (t) => {
  script = (session) => {
    session.send({ type: "connected", connection: "c1", client: "alice", ping: 200 });
    session.onFrame = (frame) => frame.type === "ping" && session.send({ type: "pong" });
  };
  const alice = client(url, { heartbeatTimeout: 200 });
  t.after(() => alice.disconnect());
  const lost = record(alice, "disconnected");
  alice.connect();
  await next(alice, "connected");
  const session = sessions.at(-1);
  await new Promise((resolve) => {
    const previous = session.onFrame;
    session.onFrame = (frame) => {
      previous(frame);
      if (session.frames.filter((f) => f.type === "ping").length >= 3) {
        resolve();
      }
    };
  });
  assert.equal(lost.events.length, 0);
  assert.equal(alice.state, "connected");
});

test("a server that accepts the socket but never answers the handshake is given up too", async (t) => {
  const mute = net.createServer(() => {});
  await new Promise((resolve) => mute.listen(0, "127.0.0.1", resolve));
  t.after(() => {
    mute.close();
  });
  const alice = client(`ws://127.0.0.1:${mute.address().port}/ws`, { connectTimeout: 300 });
  t.after(() => alice.disconnect());
  const attempts = record(alice, "connecting");
  alice.connect();
  const tried = await attempts.until(3);
  assert.deepEqual(tried.slice(1).map((a) => a.code), [4408, 4408]);
  assert.deepEqual(tried.map((a) => a.attempt), [0, 1, 2]);
});

test("a resubscribe the server cannot serve now is tried again, and one ahead of the topic starts over as lost", async (t) => {
  let connection = 0;
  script = (session) => {
    connection++;
    connected(session);
    let refusals = 0;
    session.onFrame = (frame) => {
      if (frame.type !== "subscribe") {
        return;
      }
      const reply = { type: "subscribed", id: frame.id, topic: frame.topic, epoch: "e1" };
      if (connection === 1) {
        session.send({ ...reply, offset: frame.topic === "room:ahead" ? 9 : 5 });
        if (frame.topic === "room:ahead") {
          session.socket.close(1001, "going away");
        }
      } else if (frame.topic === "room:busy" && refusals++ < 2) {
        session.send({ type: "error", id: frame.id, code: "unavailable", message: "history unavailable" });
      } else if (frame.topic === "room:ahead" && frame.offset !== undefined) {
        session.send({ type: "error", id: frame.id, code: "bad_position", message: "offset ahead of the topic" });
      } else {
        session.send({ ...reply, offset: frame.offset ?? 2, ...(frame.offset === undefined ? {} : { recovered: true }) });
      }
    };
  };
  const alice = client(url);
  t.after(() => alice.disconnect());
  const errors = record(alice, "error");
  alice.connect();
  await alice.subscribe("room:busy");
  const resumed = record(alice, "subscribed");
  await alice.subscribe("room:ahead");
  const [, busy, ahead] = await resumed.until(3);
  assert.deepEqual(
    errors.events.map((e) => [e.code, e.topic]),
    [
      ["unavailable", "room:busy"],
      ["unavailable", "room:busy"],
    ],
  );
  assert.deepEqual([busy, ahead].sort((a, b) => a.topic.localeCompare(b.topic)), [
    { topic: "room:ahead", position: { epoch: "e1", offset: 2 }, recovered: false },
    { topic: "room:busy", position: { epoch: "e1", offset: 5 }, recovered: true },
  ]);
});

test("the client id and a fresh token from the token function go in every handshake", async (t) => {
  script = (session) => {
    connected(session);
    if (sessions.filter((s) => s.url.includes("token=")).length === 1) {
      session.socket.close(1000, "again");
    }
  };
  let issued = 0;
  const alice = client(url, { clientId: "alice", token: async () => `t${++issued}` });
  t.after(() => alice.disconnect());
  const twice = record(alice, "connected");
  alice.connect();
  await twice.until(2);
  const urls = sessions.filter((s) => s.url.includes("token=")).map((s) => new URL(s.url, "ws://x"));
  assert.deepEqual(
    urls.map((u) => [u.pathname, u.searchParams.get("clientId"), u.searchParams.get("token")]),
    [
      ["/ws", "alice", "t1"],
      ["/ws", "alice", "t2"],
    ],
  );
});
