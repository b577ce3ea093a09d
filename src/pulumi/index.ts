// The Pulumi program. `pulumi preview` and `pulumi up` load it through main.js (see Pulumi.yaml); the
// nodejs runtime calls the exported function and turns the object it resolves to into stack outputs.
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import type { StackOutputs } from "./build-outputs";
import { deployFacts } from "./check-existing-accounts";
import { readProgramConfig } from "./read-program-config";
import { runProgram } from "./run-program";

/** From this file, not the working directory: Pulumi may start the program from the folder of `main`. */
export const REPO_ROOT = join(__dirname, "..", "..");

export async function program(): Promise<StackOutputs> {
  const config = readProgramConfig();
  // A preview judges the files alone; `pulumi up` also checks the tenant before it invites anyone. The
  // stack's reference to its own last outputs is read in both, so that a preview never shows it discarded.
  const facts = deployFacts();
  const preview = pulumi.runtime.isDryRun();
  if (preview) await facts.knownInvitations([pulumi.getStack()]);
  const { outputs } = await runProgram({ ...config, stack: pulumi.getStack(), root: REPO_ROOT, ...(!preview && { tenant: facts }) });
  return outputs;
}
