// Starts the example server (examples/target/herald-examples.jar, built by Maven) as a child
// process on 127.0.0.1, and learns its ports from the line it logs once it listens.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const JAR =
  process.env.HERALD_EXAMPLES_JAR ??
  fileURLToPath(new URL("../../../examples/target/herald-examples.jar", import.meta.url));
const LISTENING = /WebSocket ws:\/\/[^ ]+:(\d+), HTTP http:\/\/[^ ]+:(\d+)\//;

/**
 * Starts a server with `flags` besides the defaults below, on `port` (0: any free one). Resolves
 * once it listens, with its ports and a way to stop it.
 */
export async function startServer(flags = [], port = 0) {
  if (!existsSync(JAR)) {
    throw new Error(`${JAR} is missing: build it with mvn -pl examples -am package -DskipTests`);
  }
  const args = [
    "-jar",
    JAR,
    "--host=127.0.0.1",
    `--port=${port}`,
    "--http-port=0",
    "--protocol=json",
    "--ping-interval=1",
    "--pong-timeout=1",
    "--grace=2",
    ...flags,
  ];
  const child = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const ports = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start within 30 s:\n" + log)), 30_000);
    const read = (chunk) => {
      log += chunk;
      const match = LISTENING.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({ port: Number(match[1]), httpPort: Number(match[2]) });
      }
    };
    child.stdout.setEncoding("utf8").on("data", read);
    child.stderr.setEncoding("utf8").on("data", read);
    exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${log}`));
    });
  });
  return {
    ...ports,
    url: `ws://127.0.0.1:${ports.port}/ws`,
    log: () => log,
    /** Sends `signal` (SIGTERM drains, SIGKILL crashes) and resolves once the process is gone. */
    async stop(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      return exited;
    },
  };
}
