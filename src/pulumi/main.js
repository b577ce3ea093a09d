// Entry point named by `main` in Pulumi.yaml. The runtime option `typescript: false` keeps Pulumi from
// loading ts-node; tsx compiles the TypeScript sources instead, exactly as bin/guestops does, so there
// is no build step to forget before `pulumi up`.
"use strict";
require("tsx/cjs");
// Pulumi captures a stack trace for every resource and for most of its promises. With tsx's source maps
// on, formatting those traces took about a third of the program's time at thousands of resources
// (test/bench/program.bench.ts). The cost: a bug's stack trace points into tsx's output instead of the
// .ts line; set GUESTOPS_SOURCE_MAPS=1 when chasing one. User errors are RunErrors, printed without one.
if (process.env.GUESTOPS_SOURCE_MAPS !== "1") process.setSourceMapsEnabled(false);
// A function export is called by the nodejs runtime, and its result becomes the stack outputs.
module.exports = require("./index.ts").program;
