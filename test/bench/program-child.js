// One measured run of the Pulumi program bench (program.bench.ts) in a process of its own, so that its
// peak memory is its own. Prints one JSON line: { ms, resources, peakRss }.
//   node program-child.js program <repo root>   the program as src/pulumi/main.js starts it, under mocks
//   node program-child.js plain <count>         as many plain CustomResources, SDK defaults, under mocks
"use strict";
const [mode, arg] = process.argv.slice(2);
const { performance } = require("node:perf_hooks");
const pulumi = require("@pulumi/pulumi");

async function mocks() {
  await pulumi.runtime.setMocks(
    { newResource: ({ name, inputs }) => ({ id: `${name}-id`, state: { ...inputs, userId: `user-of:${name}` } }), call: () => ({}) },
    "guestops",
    "bench",
  );
}

function settled(resources) {
  return new Promise((resolve) => pulumi.all(resources.map((r) => r.urn)).apply(resolve));
}

async function program(root) {
  // As src/pulumi/main.js does it: SDKs first, then tsx, source maps off unless asked for.
  require("@pulumi/azuread");
  require("tsx/cjs");
  if (process.env.GUESTOPS_STACK_TRACES !== "1") process.setSourceMapsEnabled(false);
  const { runProgram } = require("../../src/pulumi/run-program.ts");
  await mocks();
  const start = performance.now();
  const result = await runProgram({ root, stack: "bench", asOf: "2026-12-01", allowEmpty: false, warn: () => {} });
  await settled(result.registered.map((r) => r.resource));
  return { ms: performance.now() - start, resources: result.registered.length };
}

async function plain(count) {
  class Plain extends pulumi.CustomResource {
    constructor(name) {
      super("bench:index:Plain", name, { value: "x" });
    }
  }
  await mocks();
  const start = performance.now();
  const resources = [];
  for (let i = 0; i < count; i++) resources.push(new Plain(`plain-${i}`));
  await settled(resources);
  return { ms: performance.now() - start, resources: count };
}

(mode === "program" ? program(arg) : plain(Number(arg))).then((r) => {
  console.log(JSON.stringify({ ...r, peakRss: process.resourceUsage().maxRSS * 1024 }));
  process.exit(0);
});
