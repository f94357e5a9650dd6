// Builds the package: ES modules and types with tsc, and the two minified browser bundles with
// esbuild, whose sizes it prints (clients/js/README.md quotes them).
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
rmSync("dist", { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "."], {
  stdio: "inherit",
});
const bundles = {
  "src/index.ts": "dist/herald-client.min.js",
  "src/msgpack.ts": "dist/herald-msgpack.min.js",
};
for (const [entry, outfile] of Object.entries(bundles)) {
  await build({ entryPoints: [entry], outfile, bundle: true, minify: true, format: "esm", target: "es2020" });
  const bytes = readFileSync(outfile);
  console.log(`${outfile}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped`);
}
