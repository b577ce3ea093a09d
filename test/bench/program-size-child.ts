// One program run under mocks in a fresh process, for program-size.bench.ts: the repository at argv[2],
// stack "bench". Prints the run's time, resource count and peak RSS as JSON. Run as the program runs:
// source maps off (src/pulumi/main.js).
import * as pulumi from "@pulumi/pulumi";
import { performance } from "node:perf_hooks";
import { runProgram } from "../../src/pulumi/run-program";

process.setSourceMapsEnabled(false);

async function main(): Promise<void> {
  const root = process.argv[2]!;
  await pulumi.runtime.setMocks({ newResource: ({ name, inputs }) => ({ id: `${name}-id`, state: { ...inputs, userId: `user-of:${name}` } }), call: () => ({}) }, "guestops", "bench");
  const start = performance.now();
  const result = await runProgram({ root, stack: "bench", asOf: "2026-12-01", allowEmpty: false, warn: () => {} });
  await new Promise((resolve) => pulumi.all(result.registered.map((r) => r.resource.urn)).apply(resolve));
  console.log(JSON.stringify({ ms: performance.now() - start, resources: result.specs.length, rss: process.resourceUsage().maxRSS * 1024 }));
}

void main();
