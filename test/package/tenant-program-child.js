// Runs the Pulumi program as `pulumi preview` would in a tenant repository, under mocks: started in the
// tenant's folder (where Pulumi runs the program: the folder of Pulumi.yaml), it loads @pulumi/pulumi and
// the program's entry from that folder's node_modules, exactly the file its Pulumi.yaml names as `main`.
// Prints one JSON line: { registered: [{ type, name }], providerTexts: [GuestLifecycle's __provider] }.
"use strict";
const { readFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join } = require("node:path");

const fromTenant = createRequire(join(process.cwd(), "package.json"));
const pulumi = fromTenant("@pulumi/pulumi");
const [stack] = process.argv.slice(2);

async function main() {
  const registered = [];
  const providerTexts = [];
  await pulumi.runtime.setMocks(
    {
      newResource({ type, name, inputs }) {
        if (type === "pulumi:pulumi:StackReference") return { id: String(inputs.name), state: { ...inputs, outputs: {}, secretOutputNames: [] } };
        registered.push({ type, name });
        if (type === "pulumi-nodejs:dynamic/guestops:GuestLifecycle") providerTexts.push(inputs.__provider);
        return { id: `${name}-id`, state: inputs };
      },
      call: ({ inputs }) => inputs,
    },
    "guestops",
    stack,
    true,
  );
  pulumi.runtime.setAllConfig({ "guestops:asOf": "2026-12-01" });
  // The entry the tenant's Pulumi.yaml names, read from it rather than repeated here.
  const main = /^main:\s*(\S+)\s*$/m.exec(readFileSync("Pulumi.yaml", "utf8"))[1];
  const program = require(join(process.cwd(), main));
  const outputs = await program();
  // No new registration for a while: the program is done (a preview's outputs may never resolve).
  for (let seen = -1; seen !== registered.length; ) {
    seen = registered.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  process.stdout.write(JSON.stringify({ main, registered, providerTexts, outputs: Object.keys(outputs).sort() }));
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(String((err && err.message) || err));
    process.exit(1);
  },
);
