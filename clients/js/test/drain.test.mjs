import assert from "node:assert/strict";
import { test } from "node:test";
import { client, next } from "./events.mjs";
import { startProxy } from "./proxy.mjs";
import { startServer } from "./server.mjs";

test("a draining server's farewell sets when the client comes back, not its back-off", async (t) => {
  const old = await startServer(["--reconnect-spread=2"]);
  const replacement = await startServer();
  const balancer = await startProxy(old.port);
  t.after(async () => {
    await balancer.close();
    await old.stop();
    await replacement.stop();
  });
  // A back-off this long would make the reconnect below time out: only the farewell is quick.
  const alice = client(`ws://127.0.0.1:${balancer.port}/ws`, {
    clientId: "alice",
    minReconnectDelay: 60_000,
    maxReconnectDelay: 60_000,
  });
  t.after(() => alice.disconnect());
  const connected = next(alice, "connected");
  alice.connect();
  await connected;
  await alice.subscribe("room:drain");

  balancer.target(replacement.port);
  const lost = next(alice, "disconnected");
  const scheduled = next(alice, "connecting");
  const back = next(alice, "connected");
  const resubscribed = next(alice, "subscribed");
  await old.stop("SIGTERM");
  const disconnected = await lost;
  const leftAt = performance.now();
  assert.deepEqual(disconnected, { code: 1001, reason: "server shutting down", reconnect: true });
  const attempt = await scheduled;
  assert.equal(attempt.code, 1001);
  assert.ok(attempt.delay >= 0 && attempt.delay <= 2_000, `told to wait ${attempt.delay} ms`);

  await back;
  const waited = performance.now() - leftAt;
  // Timers may fire a millisecond early in Node's accounting.
  assert.ok(waited >= attempt.delay - 5, `came back after ${waited} ms, told ${attempt.delay} ms`);
  const resumed = await resubscribed;
  assert.equal(resumed.topic, "room:drain");
});
