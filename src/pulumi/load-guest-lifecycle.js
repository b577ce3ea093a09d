// Loaded at deploy time by the serialized provider of each of guestops' dynamic resources
// (provider-shim.ts), inside the Pulumi provider host: that process starts with plain Node, so tsx
// compiles the TypeScript sources here, as it does for the program in main.js. The path of this file
// is in every stored GuestLifecycle's state, and the names it exports are the shim's contract; keep both.
"use strict";
require("tsx/cjs");
module.exports = { ...require("./guest-lifecycle-provider.ts"), ...require("./tenant-policy-providers.ts") };
