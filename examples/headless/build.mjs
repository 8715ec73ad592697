// Build the example into a static folder: types generated from the OpenAPI document,
// TypeScript compiled with tsc --strict, the page, its CSS and openapi-fetch copied.
//   node build.mjs [--schema ../../docs/openapi.json | http://.../openapi.json] [--out dist]
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    schema: { type: "string", default: join(here, "../../docs/openapi.json") },
    out: { type: "string", default: join(here, "dist") },
  },
});
const out = resolve(values.out);
const bin = (name) => join(here, "node_modules", ".bin", name);
const run = (command, args) => execFileSync(command, args, { cwd: here, stdio: "inherit" });

run(bin("openapi-typescript"), [values.schema, "-o", join(here, "src", "sotalk-api.d.ts")]);
rmSync(out, { recursive: true, force: true });
run(bin("tsc"), ["-p", here, "--outDir", out]);
mkdirSync(join(out, "vendor"), { recursive: true });
cpSync(join(here, "index.html"), join(out, "index.html"));
cpSync(join(here, "style.css"), join(out, "style.css"));
cpSync(
  join(here, "node_modules", "openapi-fetch", "dist", "index.mjs"),
  join(out, "vendor", "openapi-fetch.mjs"),
);
console.log(`Built ${out}`);
