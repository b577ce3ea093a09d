// Entry point named by `main` in Pulumi.yaml. The runtime option `typescript: false` keeps Pulumi from
// loading ts-node; tsx compiles the TypeScript sources instead, exactly as bin/guestops does, so there
// is no build step to forget before `pulumi up`.
"use strict";
// The SDKs are plain JavaScript: loaded before tsx's hook, their few hundred modules skip its resolver
// and transform checks, which cut the program's start-up from about 1.8 s to 1.25 s. The TypeScript
// sources then get these same module instances from Node's cache.
require("@pulumi/pulumi");
require("@pulumi/azuread");
require("tsx/cjs");
// Pulumi captures a stack trace for every resource and for most of its promises. With tsx's source maps
// on, formatting those traces took about a third of the program's time at thousands of resources
// (test/bench/program.bench.ts); registration also turns the traces off (register-quietly.ts). The cost:
// a bug's stack trace points into tsx's output instead of the .ts line. Set GUESTOPS_STACK_TRACES=1 when
// chasing one (GUESTOPS_SOURCE_MAPS=1 still turns on the source maps alone). User errors are RunErrors,
// printed without a trace.
const env = process.env;
if (env.GUESTOPS_STACK_TRACES !== "1" && env.GUESTOPS_SOURCE_MAPS !== "1") process.setSourceMapsEnabled(false);
// A function export is called by the nodejs runtime, and its result becomes the stack outputs.
module.exports = require("./index.ts").program;
