import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { client, next, record } from "./events.mjs";
import { startProxy } from "./proxy.mjs";
import { startServer } from "./server.mjs";

let server;
let proxy;
before(async () => {
  server = await startServer();
  proxy = await startProxy(server.port);
});
after(async () => {
  await proxy.close();
  await server.stop();
});

test("a connection that goes silent is given up within ping interval + timeout, and the client resumes from its offset", async (t) => {
  const reader = client(`ws://127.0.0.1:${proxy.port}/ws`, { clientId: "reader", heartbeatTimeout: 1_000 });
  const writer = client(server.url, { clientId: "writer" });
  t.after(() => {
    reader.disconnect();
    writer.disconnect();
  });
  const connected = Promise.all([next(reader, "connected"), next(writer, "connected")]);
  reader.connect();
  writer.connect();
  await connected;
  const publications = record(reader, "publication");
  await reader.subscribe("room:drop");
  for (let i = 1; i <= 3; i++) {
    await writer.publish("room:drop", { n: i });
  }
  await publications.until(3);

  const lost = next(reader, "disconnected");
  const silencedAt = performance.now();
  proxy.silence();
  for (let i = 4; i <= 8; i++) {
    await writer.publish("room:drop", { n: i });
  }
  const disconnected = await lost;
  const detectedAfter = performance.now() - silencedAt;
  assert.equal(disconnected.code, 4408);
  assert.equal(disconnected.reconnect, true);
  // The ping interval (1 s) plus the heartbeat timeout (1 s), and some slack for a busy machine.
  assert.ok(detectedAfter < 2_000 + 3_000, `detected after ${detectedAfter} ms`);
  t.diagnostic(`silence detected after ${Math.round(detectedAfter)} ms`);

  const resumed = await next(reader, "subscribed");
  assert.equal(resumed.recovered, true);
  assert.equal(resumed.position.offset, 3);
  await writer.publish("room:drop", { n: 9 });
  const received = (await publications.until(9)).map((p) => p.data.n);
  assert.deepEqual(received, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(
    publications.events.map((p) => p.position.offset),
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
});
