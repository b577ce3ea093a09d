// Run in a plain Node process (tsx), as `pulumi up` runs the program: runs the program on a stack under
// mocks, where @pulumi/pulumi's dynamic.Resource serializes the dynamic resources' providers for real, and
// prints the `__provider` texts the resources of one type would store, with how many resources stored
// them, and every dynamic type's texts (`byType`). Arguments: the repository (default the tests' copy of
// the example, test/fixtures/example), the stack (default prod) and the type token (default
// GuestLifecycle's).
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import { GUEST_LIFECYCLE } from "../../src/model/resource-types";

const [root = join(__dirname, "..", "fixtures", "example"), stack = "prod", type = GUEST_LIFECYCLE] = process.argv.slice(2);

async function main(): Promise<void> {
  const byType: Record<string, unknown[]> = {};
  await pulumi.runtime.setMocks(
    {
      newResource: ({ type: t, name, inputs }) => {
        if (inputs.__provider !== undefined) (byType[t] ??= []).push(inputs.__provider);
        return { id: `${name}-id`, state: inputs };
      },
      // azuread.getUser, for the guest MFA policy's break-glass accounts.
      call: ({ inputs }) => ({ ...inputs, objectId: "0b5e1a55-0000-4000-8000-000000000001" }),
    },
    "guestops",
    stack,
  );
  // Imported after the mocks are installed, as Pulumi's unit-test guide does.
  const { runProgram } = await import("../../src/pulumi/run-program.js");
  const { registered } = await runProgram({ root, stack, asOf: "2026-12-01", allowEmpty: false, warn: () => {} });
  await new Promise((resolve) => pulumi.all(registered.map((r) => r.resource.urn)).apply(resolve));
  const count = registered.filter((r) => r.spec.type === type).length;
  // A text that held a Pulumi secret would arrive wrapped as a secret, not as a string.
  process.stdout.write(JSON.stringify({ lifecycles: count, texts: byType[type] ?? [], byType }));
}

void main();
