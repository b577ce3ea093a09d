// The program's one path: load, validate, refuse or build the desired state, map it, register it.
// Everything between reading the files and registering resources is the shared core.
import * as pulumi from "@pulumi/pulumi";
import type { FileSource } from "../load/file-source";
import { readStackTenants } from "../load/load-repo";
import { workingTree } from "../load/read-working-tree";
import type { DesiredState } from "../model/desired-state";
import type { Problem } from "../model/problem";
import { resourcesFor, type ResourceSpec } from "../model/resources-for";
import { deploysGuests } from "../model/tenant-policy";
import { loadStack } from "../rules/load-stack";
import { buildOutputs, type StackOutputs } from "./build-outputs";
import { checkDeployable, formatProblem } from "./check-deployable";
import { checkExistingAccounts, type TenantFacts } from "./check-existing-accounts";
import type { ProgramConfig } from "./read-program-config";
import { registerQuietly } from "./register-quietly";
import { cloudOf } from "../graph/graph-endpoint";
import { invitationsByGuest, providerShims, registerResources, type RegisteredResource } from "./register-resources";

export interface ProgramOptions extends ProgramConfig {
  /** The Pulumi stack name; it selects `stacks/<stack>.yaml`. */
  stack: string;
  /** Repository root, for the working tree. Ignored when `source` is given. */
  root: string;
  source?: FileSource;
  /** Where validation warnings go; Pulumi's log by default. */
  warn?: (message: string) => void;
  /** What `pulumi up` checks in the tenant before inviting anyone (index.ts gives it); a preview has none. */
  tenant?: TenantFacts;
}

export interface ProgramResult {
  desired: DesiredState;
  specs: ResourceSpec[];
  registered: RegisteredResource[];
  warnings: Problem[];
  outputs: StackOutputs;
}

// Pulumi allows these in a stack name; anything else could walk out of stacks/.
const STACK_NAME = /^[A-Za-z0-9._-]+$/;

export async function runProgram(opts: ProgramOptions): Promise<ProgramResult> {
  if (!STACK_NAME.test(opts.stack) || opts.stack.startsWith(".")) {
    throw new pulumi.RunError(`stack name ${JSON.stringify(opts.stack)} cannot name a file stacks/<stack>.yaml; use letters, digits, "-", "_" and "."`);
  }
  const source = opts.source ?? workingTree(opts.root);
  const loaded = await loadStack(source, opts.stack, { asOf: opts.asOf });
  // The day was checked against today as Pulumi's config gave it; a different guestops:asOf in the file
  // (config from elsewhere: --config-file, an environment) must not be the one expiry is judged on.
  if (loaded.asOf !== opts.asOf) {
    throw new pulumi.RunError(
      `${loaded.load.pulumiPath} sets guestops:asOf ${loaded.asOf}, but Pulumi's configuration gives ${opts.asOf}; guestops judges expiry on one day only. ` +
        `Make them agree (pulumi config rm guestops:asOf, and remove it from ${loaded.load.pulumiPath})`,
    );
  }
  const { load, validation, desired } = loaded;
  const reasons = checkDeployable({
    stack: opts.stack,
    asOf: opts.asOf,
    errors: validation.errors,
    desired,
    guestPatterns: load.guestPatterns,
    guestFiles: load.guestFiles.length,
    allowEmpty: opts.allowEmpty,
    deploysGuests: deploysGuests(load.stack?.value),
  });
  // Thrown before a single resource is registered: a failed program makes the engine change nothing.
  if (reasons.length > 0) throw new pulumi.RunError(reasons.join("\n\n"));

  const warn = opts.warn ?? ((message: string) => void pulumi.log.warn(message));
  if (opts.asOfWarning) warn(opts.asOfWarning);
  for (const problem of validation.warnings) warn(formatProblem(problem));

  const settings = { tenantId: desired.tenantId, cloud: cloudOf(load.stack?.value?.cloud) };
  if (opts.tenant) {
    const tenants = load.tenant === undefined ? new Map<string, string | undefined>() : await readStackTenants(source);
    const shards = [...tenants].filter(([name, tenant]) => tenant === load.tenant && name !== opts.stack).map(([name]) => name);
    const taken = await checkExistingAccounts(desired, load, settings, opts.tenant, shards);
    if (taken.length > 0) throw new pulumi.RunError(taken.join("\n\n"));
  }

  const specs = resourcesFor(desired);
  const shims = providerShims(settings);
  const registered = registerQuietly(() => registerResources(specs, shims));
  return { desired, specs, registered, warnings: validation.warnings, outputs: buildOutputs(desired, invitationsByGuest(registered)) };
}
