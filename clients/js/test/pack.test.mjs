// The package as a user gets it: `npm pack`, installed into an empty project, imported and
// type-checked there.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL("..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

test("npm pack makes a tarball that installs into an empty project, with its types", (t) => {
  const project = mkdtempSync(join(tmpdir(), "herald-client-user-"));
  t.after(() => rmSync(project, { recursive: true, force: true }));
  const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8" });
  // dist is built already; the tarball is what prepack would build.
  const [tarball] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", project], here));
  assert.deepEqual(
    tarball.files.map((f) => f.path).filter((p) => !p.startsWith("dist/")).sort(),
    ["README.md", "package.json"],
  );
  assert.ok(tarball.files.some((f) => f.path === "dist/index.d.ts"));

  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user", private: true, type: "module" }));
  npm(["install", "--no-audit", "--no-fund", "--offline", join(project, tarball.filename)], project);
  assert.deepEqual(
    readdirSync(join(project, "node_modules")).filter((name) => !name.startsWith(".")),
    ["herald-client"],
    "no runtime dependencies",
  );

  const loaded = execFileSync(
    process.execPath,
    ["--input-type=module", "-e", 'import("herald-client").then((m) => console.log(Object.keys(m).sort().join(" ")))'],
    { cwd: project, encoding: "utf8" },
  );
  assert.equal(loaded.trim(), "BufferFullError Herald HeraldError json");

  writeFileSync(
    join(project, "use.ts"),
    [
      'import { Herald, type Publication, type Subscribed } from "herald-client";',
      'const herald = new Herald("wss://example.invalid/ws", { clientId: "alice", maxBuffered: 10 });',
      'herald.on("publication", (p: Publication) => console.log(p.topic, p.position?.offset));',
      'const s: Promise<Subscribed> = herald.subscribe("room:1", { since: { epoch: "e", offset: 1 } });',
      "void s;",
      "// @ts-expect-error: an event that does not exist",
      'herald.on("nonsense", () => {});',
    ].join("\n"),
  );
  execFileSync(
    process.execPath,
    [tsc, "--noEmit", "--strict", "--module", "es2020", "--moduleResolution", "bundler", "--lib", "es2020,dom", "use.ts"],
    { cwd: project, encoding: "utf8" },
  );
});
