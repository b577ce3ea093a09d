// Run in a plain Node process (tsx), as `pulumi up` runs the program: serializes GuestLifecycle's
// provider, as the program registers it, the way @pulumi/pulumi's dynamic.Resource does, and prints
// the text Pulumi would store.
import * as pulumi from "@pulumi/pulumi";
import { lifecycleShim } from "../../src/pulumi/guest-lifecycle-shim";

const provider = lifecycleShim({ tenantId: process.argv[2] ?? "", cloud: "public" });
void pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true }).then((sf) => {
  process.stdout.write(JSON.stringify({ text: sf.text, containsSecrets: sf.containsSecrets }));
});
