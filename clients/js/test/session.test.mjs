import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { HeraldError } from "../dist/index.js";
import { msgpack } from "../dist/msgpack.js";
import { client, next, record } from "./events.mjs";
import { startServer } from "./server.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(() => server.stop());

for (const [name, encoding] of [
  ["json", undefined],
  ["msgpack", msgpack],
]) {
  test(`over ${name}: connects, subscribes, publishes and exchanges messages`, async (t) => {
    const alice = client(server.url, { clientId: `alice-${name}`, ...(encoding ? { encoding } : {}) });
    t.after(() => alice.disconnect());
    const connected = next(alice, "connected");
    const welcome = next(alice, "message");
    alice.connect();
    const { client: who, ping, connection } = await connected;
    assert.equal(who, `alice-${name}`);
    assert.equal(ping, 1_000, "the server's --ping-interval, in ms");
    assert.match(connection, /\S/);
    assert.equal((await welcome).data.type, "welcome");
    assert.equal(alice.state, "connected");

    const publications = record(alice, "publication");
    const own = [];
    const subscribed = await alice.subscribe(`room:${name}`, { onPublication: (p) => own.push(p) });
    assert.equal(subscribed.topic, `room:${name}`);
    assert.equal(subscribed.position.offset, 0);
    assert.equal(subscribed.recovered, undefined, "a first subscribe has no recovered");

    const published = await alice.publish(`room:${name}`, { text: "hi", n: 1 });
    assert.deepEqual(published, { topic: `room:${name}`, position: { epoch: subscribed.position.epoch, offset: 1 } });
    const [publication] = await publications.until(1);
    assert.deepEqual(publication, {
      topic: `room:${name}`,
      data: { text: "hi", n: 1 },
      position: { epoch: subscribed.position.epoch, offset: 1 },
    });
    assert.deepEqual(own, [publication]);
    assert.deepEqual(alice.position(`room:${name}`), publication.position);

    const echo = next(alice, "message", (m) => m.data.type === "echo");
    await alice.send({ message: "hello" });
    assert.deepEqual((await echo).data.data, { message: "hello" });

    await alice.unsubscribe(`room:${name}`);
    assert.equal(alice.position(`room:${name}`), undefined);
  });
}

test("what the server refuses rejects the promise with its code, and the connection stays", async (t) => {
  const bob = client(server.url, { clientId: "bob" });
  t.after(() => bob.disconnect());
  const connected = next(bob, "connected");
  bob.connect();
  await connected;

  await assert.rejects(bob.subscribe("secret"), (e) => e instanceof HeraldError && e.code === "forbidden" && e.topic === "secret");
  await assert.rejects(bob.publish("secret", 1), { name: "HeraldError", code: "forbidden" });
  await assert.rejects(bob.unsubscribe("room:none"), { code: "not_subscribed" });
  await bob.subscribe("room:twice");
  await assert.rejects(bob.subscribe("room:twice"), { code: "already_subscribed" });
  assert.equal((await bob.publish("room:twice", { still: "working" })).position.offset, 1);
  assert.equal(bob.state, "connected");
});
