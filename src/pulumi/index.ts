// The Pulumi program. `pulumi preview` and `pulumi up` load it through main.js (see Pulumi.yaml); the
// nodejs runtime calls the exported function and turns the object it resolves to into stack outputs.
import * as pulumi from "@pulumi/pulumi";
import type { StackOutputs } from "./build-outputs";
import { deployFacts } from "./check-existing-accounts";
import { findRepositoryRoot } from "../load/find-repository-root";
import { readProgramConfig } from "./read-program-config";
import { runProgram } from "./run-program";

/**
 * The repository the program deploys: the folder Pulumi runs it in (the folder of Pulumi.yaml) or the
 * nearest above it with stacks/, found as the CLI finds it. Never the package's own folder: in a tenant
 * repository guestops is installed under node_modules/, and its stacks are the tenant's.
 */
export function programRoot(cwd: string = process.cwd()): string {
  const found = findRepositoryRoot(cwd);
  if (found.root !== undefined) return found.root;
  throw new pulumi.RunError(
    `no stacks/ folder in ${found.looked.join(", ")}; run pulumi in the tenant repository (the folder with Pulumi.yaml, stacks/ and guests/)`,
  );
}

export async function program(): Promise<StackOutputs> {
  const config = readProgramConfig();
  const root = programRoot();
  // A preview judges the files alone; `pulumi up` also checks the tenant before it invites anyone. The
  // stack's reference to its own last outputs is read in both, so that a preview never shows it discarded.
  const facts = deployFacts();
  const preview = pulumi.runtime.isDryRun();
  if (preview) await facts.knownInvitations([pulumi.getStack()]);
  const { outputs } = await runProgram({ ...config, stack: pulumi.getStack(), root, ...(!preview && { tenant: facts }) });
  return outputs;
}
