import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { client, next, record } from "./events.mjs";
import { startServer } from "./server.mjs";

test("a server killed and restarted: the client backs off, comes back, and says what was lost", async (t) => {
  let server = await startServer();
  const port = server.port;
  t.after(() => server.stop());
  const alice = client(server.url, { clientId: "alice", stableAfter: 300, maxReconnectDelay: 400 });
  t.after(() => alice.disconnect());
  const connected = next(alice, "connected");
  alice.connect();
  await connected;
  const first = await alice.subscribe("room:crash");
  const delivered = next(alice, "publication");
  await alice.publish("room:crash", { n: 1 });
  await delivered;

  const attempts = record(alice, "connecting");
  const lost = next(alice, "disconnected");
  await server.stop("SIGKILL");
  const disconnected = await lost;
  assert.equal(disconnected.reconnect, true);
  // The server is gone: attempts fail and back off, each delay below its doubling bound.
  const tried = await attempts.until(4);
  assert.deepEqual(tried.map((a) => a.attempt), [1, 2, 3, 4]);
  tried.forEach((a, i) => assert.ok(a.delay < Math.min(400, 100 * 2 ** i), `attempt ${i}: ${a.delay} ms`));

  const resubscribed = next(alice, "subscribed");
  server = await startServer([], port);
  await next(alice, "connected");
  const stable = delay(300);
  // The new process holds a new history: its epoch differs, so nothing could be recovered.
  const restarted = await resubscribed;
  assert.equal(restarted.recovered, false);
  assert.notEqual(restarted.position.epoch, first.position.epoch);
  assert.equal(restarted.position.offset, 0);
  const live = next(alice, "publication");
  await alice.publish("room:crash", { n: 2 });
  const publication = await live;
  assert.deepEqual(publication.position, { epoch: restarted.position.epoch, offset: 1 });

  // Once the connection lasted stableAfter (the condition itself, not a pause), back-off starts
  // over: the attempt after the next crash is the first again.
  await stable;
  const again = next(alice, "connecting");
  await server.stop("SIGKILL");
  assert.equal((await again).attempt, 1);
});
