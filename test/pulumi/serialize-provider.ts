// Run in a plain Node process (tsx), as `pulumi up` runs the program: runs the program on the
// example stack (the tests' copy, test/fixtures/example) under mocks, where @pulumi/pulumi's dynamic.Resource serializes
// GuestLifecycle's provider for real, and prints the `__provider` texts the GuestLifecycle resources
// would store, with how many resources stored them.
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import { GUEST_LIFECYCLE } from "../../src/model/resource-types";

const EXAMPLE_ROOT = join(__dirname, "..", "fixtures", "example");

async function main(): Promise<void> {
  const texts: unknown[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: ({ type, name, inputs }) => {
        if (type === GUEST_LIFECYCLE) texts.push(inputs.__provider);
        return { id: `${name}-id`, state: inputs };
      },
      call: ({ inputs }) => inputs,
    },
    "guestops",
    "prod",
  );
  // Imported after the mocks are installed, as Pulumi's unit-test guide does.
  const { runProgram } = await import("../../src/pulumi/run-program.js");
  const { registered } = await runProgram({ root: EXAMPLE_ROOT, stack: "prod", asOf: "2026-12-01", allowEmpty: false, warn: () => {} });
  await new Promise((resolve) => pulumi.all(registered.map((r) => r.resource.urn)).apply(resolve));
  const lifecycles = registered.filter((r) => r.spec.type === GUEST_LIFECYCLE).length;
  // A text that held a Pulumi secret would arrive wrapped as a secret, not as a string.
  process.stdout.write(JSON.stringify({ lifecycles, texts }));
}

void main();
