// The compiled CLI that bin/guestops runs: src/cli/main.ts and everything it imports bundled by esbuild
// into one CommonJS file, with the schemas' validators precompiled by ajv's standalone code. Starting it
// costs no TypeScript transpiling and no schema compiling, which were most of a small validate's time.
//
// There is no build step to remember: the first run builds it (about a second) into
// node_modules/.cache/guestops/, keyed by a hash of the sources, the schemas, the lockfile and this file,
// so any edit builds afresh, as tsx's own cache does. Installed as a package (a tenant repository's
// node_modules/guestops), that is the tenant's node_modules/.cache/guestops, beside the package rather
// than inside it; if it cannot be written, bin/guestops runs the sources through tsx instead. esbuild's binary comes in its platform package, so
// this works after `npm ci --ignore-scripts`. Plain JavaScript: it runs before any TypeScript can.
"use strict";
const { createHash } = require("node:crypto");
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { basename, dirname, join } = require("node:path");

const ROOT = join(__dirname, "..", "..");
/** Set to a folder to keep the compiled CLI elsewhere, e.g. when node_modules is read-only. */
const CACHE_ENV = "GUESTOPS_CACHE_DIR";
const HASHED = ["src", "schemas", "package.json", "package-lock.json"];

/** Hash of everything the bundle is made from; a few milliseconds for the whole of src/. */
function sourceHash(root = ROOT) {
  const hash = createHash("sha256");
  const add = (path, rel) => {
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (err) {
      if (err.code !== "ENOTDIR") throw err;
      hash.update(`${rel}\0`).update(readFileSync(path)).update("\0");
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) add(join(path, e.name), `${rel}/${e.name}`);
  };
  for (const part of HASHED) if (existsSync(join(root, part))) add(join(root, part), part);
  hash.update(readFileSync(__filename));
  return hash.digest("hex").slice(0, 16);
}

function cacheDir(root = ROOT, env = process.env) {
  if (env[CACHE_ENV]) return env[CACHE_ENV];
  // An installed package: the node_modules it is in holds the cache, as it does for other tools.
  const modules = basename(dirname(root)) === "node_modules" ? dirname(root) : join(root, "node_modules");
  return join(modules, ".cache", "guestops");
}

/** Path of the compiled CLI for the current sources, building it first if it is not in the cache. */
async function compiledCli(root = ROOT, env = process.env) {
  const dir = cacheDir(root, env);
  const hash = sourceHash(root);
  const file = join(dir, `cli-${hash}.js`);
  if (existsSync(file)) return file;
  const worker = `check-worker-${hash}.js`;
  const { cli, checkWorker } = await bundleCli(root, worker);
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed, the CLI last: two first runs at once each write whole files, either wins,
  // and a CLI that exists always has its worker beside it.
  for (const [name, code] of [[worker, checkWorker], [`cli-${hash}.js`, cli]]) {
    const temp = join(dir, `${name}.${process.pid}.tmp`);
    writeFileSync(temp, code);
    renameSync(temp, join(dir, name));
  }
  for (const old of readdirSync(dir)) {
    if (/^(cli|check-worker)-[0-9a-f]+\.js$/.test(old) && !old.includes(hash)) rmSync(join(dir, old), { force: true });
  }
  return file;
}

/** ajv's standalone module for every schema, exporting `validators` as src/load/schema-validators.ts does. */
async function validatorsSource(root = ROOT) {
  const { createAjv, SCHEMAS } = await loadTypeScript(join(root, "src", "load", "schema-validators.ts"));
  const standaloneCode = require("ajv/dist/standalone").default;
  const ajv = createAjv({ code: { source: true } });
  const names = Object.keys(SCHEMAS);
  const code = standaloneCode(ajv, Object.fromEntries(names.map((n) => [n, n])));
  return `${code}\nexports.validators = { ${names.map((n) => `${JSON.stringify(n)}: exports[${JSON.stringify(n)}]`).join(", ")} };\n`;
}

/** The CLI and its parse worker (src/load/check-files-worker.ts), which the CLI finds as `workerName` beside it. */
async function bundleCli(root = ROOT, workerName = "check-worker.js") {
  const esbuild = require("esbuild");
  const validators = await validatorsSource(root);
  const loadDir = join(root, "src", "load");
  const result = await esbuild.build({
    entryPoints: { cli: join(root, "src", "cli", "main.ts"), checkWorker: join(loadDir, "check-files-worker.ts") },
    // Two entry points need an output folder; with write: false nothing is written there.
    outdir: join(root, "node_modules", ".cache", "guestops"),
    define: { __GUESTOPS_CHECK_WORKER__: JSON.stringify(workerName) },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
    logLevel: "silent",
    // Only the CLI's own code changes; the comment says where the file came from.
    banner: { js: "// Built by src/cli/build-cli.js from src/; delete freely, the next run builds it again." },
    plugins: [
      {
        name: "precompiled-validators",
        setup(build) {
          build.onLoad({ filter: /[\\/]src[\\/]load[\\/]schema-validators\.ts$/ }, () => ({ contents: validators, loader: "js", resolveDir: loadDir }));
        },
      },
    ],
  });
  const text = (name) => result.outputFiles.find((f) => f.path.endsWith(`${name}.js`)).text;
  return { cli: text("cli"), checkWorker: text("checkWorker") };
}

/** Requires one TypeScript module (and what it imports from src/) through esbuild, without tsx. */
async function loadTypeScript(path) {
  const esbuild = require("esbuild");
  const result = await esbuild.build({ entryPoints: [path], bundle: true, platform: "node", format: "cjs", target: "node20", write: false, logLevel: "silent", packages: "external" });
  const mod = new Module(path, module);
  mod.filename = path;
  mod.paths = Module._nodeModulePaths(join(path, ".."));
  mod._compile(result.outputFiles[0].text, path);
  return mod.exports;
}

module.exports = { compiledCli, sourceHash, cacheDir, validatorsSource, bundleCli, CACHE_ENV };
