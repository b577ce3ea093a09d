// Run in a plain Node process (tsx), as `pulumi up` runs the program: serializes GuestLifecycle's
// provider the way @pulumi/pulumi's dynamic.Resource does, and prints the text Pulumi would store.
import * as pulumi from "@pulumi/pulumi";
import { lifecycleProvider } from "../../src/pulumi/guest-lifecycle-provider";

const provider = lifecycleProvider({ tenantId: process.argv[2] ?? "", cloud: "public" });
void pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true }).then((sf) => {
  process.stdout.write(JSON.stringify({ text: sf.text, containsSecrets: sf.containsSecrets }));
});
