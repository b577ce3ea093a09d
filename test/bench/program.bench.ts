// The Pulumi program under mocks at 1,000 and 10,000 guests (two groups and one app role each), beside two
// bare-SDK baselines measured in the same run:
// - the same azuread resources written by hand, as a naive program would: the program's own overhead;
// - as many trivial `CustomResource`s: the floor of the SDK itself. azuread types cost more than that
//   floor whoever registers them: every output property gets its own promise and captured stack trace.
// Under mocks each registration still takes about a millisecond of SDK work, so 10,000 guests are timed
// once per path; run with --expose-gc for steadier figures.
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { buildDesiredState, DEFAULT_APP_ROLE } from "../../src/model/build-desired-state";
import type { DesiredState } from "../../src/model/desired-state";
import { INVITATION_IGNORE_CHANGES, resourcesFor, type ResourceSpec } from "../../src/model/resources-for";
import { registerResources } from "../../src/pulumi/register-resources";
import { validateRepo } from "../../src/rules/validate-repo";
import { writeTree } from "../helpers/write-tree";
import type { BenchSection } from "./run";
import { ms, ratio } from "./measure";
import { syntheticRepo } from "./synthetic";

const SIZES = [
  { guests: 1_000, files: 100, runs: 3 },
  { guests: 10_000, files: 1_000, runs: 1 },
];
const AS_OF = "2026-12-01";

async function freshMocks(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await pulumi.runtime.setMocks(
    { newResource: ({ name, inputs }) => ({ id: `${name}-id`, state: { ...inputs, userId: `user-of:${name}` } }), call: () => ({}) },
    "guestops",
    "bench",
  );
}

/** Times `register` until the mock engine has answered every resource it created. */
async function timed(register: () => pulumi.CustomResource[]): Promise<number> {
  await freshMocks();
  const start = performance.now();
  const resources = register();
  await new Promise((resolve) => pulumi.all(resources.map((r) => r.urn)).apply(resolve));
  return performance.now() - start;
}

/** Load, validate, build and map, without Pulumi: what the program adds before the first registration. */
async function core(root: string): Promise<{ ms: number; desired: DesiredState; specs: ResourceSpec[] }> {
  const start = performance.now();
  const load = await loadRepo(workingTree(root), "bench");
  if (validateRepo(load, AS_OF).errors.length > 0) throw new Error("synthetic repo is invalid");
  const desired = buildDesiredState(load, AS_OF);
  const specs = resourcesFor(desired);
  return { ms: performance.now() - start, desired, specs };
}

/** The same resources, inputs and options, written out by hand. */
function byHand(desired: DesiredState): pulumi.CustomResource[] {
  const provider = new azuread.Provider("tenant", { tenantId: desired.tenantId });
  const resources: pulumi.CustomResource[] = [provider];
  const retainOnDelete = desired.policy.onRemoval !== "delete";
  for (const g of desired.guests) {
    if (g.status === "gone") continue;
    let principal: pulumi.Input<string> | undefined = g.objectId;
    if (!principal) {
      const message = g.invitation.message ? { body: g.invitation.message } : { language: g.invitation.language };
      const inputs = { userEmailAddress: g.email, userDisplayName: g.displayName, redirectUrl: g.invitation.redirectUrl, userType: "Guest" };
      const invitation = new azuread.Invitation(g.key, { ...inputs, ...(g.invitation.sendEmail && { message }) }, { provider, retainOnDelete, ignoreChanges: INVITATION_IGNORE_CHANGES });
      resources.push(invitation);
      principal = invitation.userId;
    }
    if (g.status !== "active") continue;
    for (const group of g.groups) {
      resources.push(new azuread.GroupMember(`${group}/${g.key}`, { groupObjectId: desired.catalog.groups[group]!.id, memberObjectId: principal }, { provider }));
    }
    for (const grant of g.apps) {
      const app = desired.catalog.apps[grant.app]!;
      const name = grant.role ? `${grant.app}/${grant.role}/${g.key}` : `${grant.app}/${g.key}`;
      const appRoleId = grant.role ? app.roles[grant.role]! : DEFAULT_APP_ROLE;
      resources.push(new azuread.AppRoleAssignment(name, { appRoleId, principalObjectId: principal, resourceObjectId: app.id }, { provider }));
    }
  }
  return resources;
}

class Plain extends pulumi.CustomResource {
  constructor(name: string) {
    super("bench:index:Plain", name, { value: "x" });
  }
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

const section: BenchSection = {
  title: "Pulumi program under mocks: registerResources vs the same resources by hand vs as many plain CustomResources",
  async run() {
    // As in src/pulumi/main.js: with source maps on, formatting the SDK's stack traces dominates.
    const sourceMaps = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(false);
    try {
      console.log("| guests | resources | core: load + validate + map | program: register | same by hand | program / by hand | core + program / by hand | plain CustomResources | program / plain |");
      console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      let warm = false;
      for (const size of SIZES) {
        const root = mkdtempSync(join(tmpdir(), "guestops-bench-"));
        try {
          writeTree(root, syntheticRepo(size));
          const { desired, specs } = await core(root);
          if (!warm) {
            await timed(() => registerResources(specs).map((r) => r.resource)); // JIT, lazy azuread modules
            await timed(() => byHand(desired));
            await timed(() => specs.map((_, i) => new Plain(`plain-${i}`)));
            warm = true;
          }
          const times = { core: [] as number[], program: [] as number[], hand: [] as number[], plain: [] as number[] };
          // Interleaved, so drift (GC pressure, other load on the machine) falls on every path alike.
          for (let i = 0; i < size.runs; i++) {
            times.core.push((await core(root)).ms);
            times.program.push(await timed(() => registerResources(specs).map((r) => r.resource)));
            times.hand.push(await timed(() => byHand(desired)));
            times.plain.push(await timed(() => specs.map((_, i) => new Plain(`plain-${i}`))));
          }
          const [c, p, h, b] = [median(times.core), median(times.program), median(times.hand), median(times.plain)];
          console.log(`| ${size.guests} | ${specs.length} | ${ms(c)} | ${ms(p)} | ${ms(h)} | ${ratio(p, h)} | ${ratio(c + p, h)} | ${ms(b)} | ${ratio(p, b)} |`);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }
    } finally {
      process.setSourceMapsEnabled(sourceMaps);
    }
  },
};

export default section;
