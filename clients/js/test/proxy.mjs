// A TCP relay between a client and the server that can go silent: the network failing without a
// close, which only a heartbeat notices.
import net from "node:net";

/** Starts a relay on a free port of 127.0.0.1 to `port`, as a load balancer would. */
export async function startProxy(port) {
  const pairs = new Set();
  let target = port;
  const server = net.createServer((client) => {
    const upstream = net.connect(target, "127.0.0.1");
    const pair = { client, upstream };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    /** Sends the connections that come from now on to `port`. */
    target(port) {
      target = port;
    },
    /** Stops relaying on every open connection, in both directions, without closing any. */
    silence() {
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
