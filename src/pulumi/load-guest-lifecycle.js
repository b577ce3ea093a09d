// Loaded at deploy time by GuestLifecycle's serialized provider (guest-lifecycle-shim.ts), inside the
// Pulumi provider host: that process starts with plain Node, so tsx compiles the TypeScript sources here,
// as it does for the program in main.js. The path of this file is the shim's contract; keep it.
"use strict";
require("tsx/cjs");
module.exports = require("./guest-lifecycle-provider.ts");
