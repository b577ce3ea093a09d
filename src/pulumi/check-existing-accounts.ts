// What the deploy checks in the tenant before it invites anyone: the offline plan had to assume that a
// new entry's address has no account yet. If it has one (a guest invited by hand, say), Entra answers the
// invitation with that account, and this stack would then set its sponsors, block its sign-in and, under
// onRemoval: delete, delete it, with nobody's approval. Such an account is adopted by objectId, which a
// stack owner approves, or not managed here at all.
//
// Only entries new to the stack are read: their invitation is not in the state yet (the previous deploy's
// `invitations` output). A tenant that cannot be read fails the deploy closed; a deploy that invites no
// one new reads nothing, so expiry runs never wait on this read.
import * as pulumi from "@pulumi/pulumi";
import { findAccounts, type AccountMatch } from "../graph/find-accounts";
import { createGraphClient, type GraphClient } from "../graph/graph-client";
import { GraphError } from "../graph/graph-error";
import type { LoadResult } from "../load/load-repo";
import { locate } from "../load/parse-yaml";
import { eachGuest } from "../model/address";
import type { DesiredState } from "../model/desired-state";
import { count } from "../model/words";
import { terminal } from "../output/escape";
import { connectionFromEnvironment, type ProviderSettings } from "./guest-lifecycle-provider";

/** The tenant and state facts a deploy checks; `pulumi up` gives them, a preview does not. */
export interface TenantFacts {
  /** Keys of the guests invited by these stacks' last deploys (their `invitations` output). */
  knownInvitations(stacks: readonly string[]): Promise<ReadonlySet<string>>;
  /** The read-only Graph client; made only when some entry needs checking. */
  connect(settings: ProviderSettings): GraphClient;
}

/** The name of the read-only reference to this stack's own last outputs. */
export const PREVIOUS_DEPLOY = "guestops-previous-deploy";

/**
 * The facts at `pulumi up`: the invitations of each stack's last successful deploy, from its outputs
 * (a StackReference, to this stack itself or to a shard of its tenant), and Graph through the deploy's credential.
 */
export function deployFacts(env: NodeJS.ProcessEnv = process.env): TenantFacts {
  return {
    async knownInvitations(stacks) {
      const keys = new Set<string>();
      for (const stack of stacks) {
        const name = `${organization()}/${pulumi.getProject()}/${stack}`;
        const reference = new pulumi.StackReference(stack === pulumi.getStack() ? PREVIOUS_DEPLOY : `${PREVIOUS_DEPLOY}/${stack}`, { name });
        const details = await reference.getOutputDetails("invitations");
        const value: unknown = details.value ?? details.secretValue;
        if (typeof value === "object" && value !== null && !Array.isArray(value)) for (const key of Object.keys(value)) keys.add(key.toLowerCase());
      }
      return keys;
    },
    connect: (settings) => createGraphClient(connectionFromEnvironment(settings, env)),
  };
}

/** The stack's organization; a self-managed (DIY) backend has none but the fixed name "organization". */
function organization(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    return "organization";
  }
}

/**
 * Why the deploy must not invite: an address that already has an account, or a tenant it could not read.
 * `shards` are the other stacks of the same tenant: a guest moved from one of them (`pulumi state move`)
 * brings its invitation along, and is known by the shard it left until that shard deploys again.
 */
export async function checkExistingAccounts(desired: DesiredState, load: LoadResult, settings: ProviderSettings, facts: TenantFacts, shards: readonly string[] = []): Promise<string[]> {
  // Read on every run, so that the reference is in every update (a read resource left out is discarded).
  let known = await facts.knownInvitations([desired.stack]);
  // Adopted entries name their account; gone ones get no invitation.
  const invited = desired.guests.filter((g) => g.status !== "gone" && g.objectId === undefined);
  let fresh = invited.filter((g) => !known.has(g.key));
  if (fresh.length > 0 && shards.length > 0) {
    known = await facts.knownInvitations(shards);
    fresh = fresh.filter((g) => !known.has(g.key));
  }
  if (fresh.length === 0) return [];
  let found: Map<string, AccountMatch[]>;
  try {
    found = await findAccounts(facts.connect(settings), fresh.map((g) => g.key));
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    // Fail closed: "could not read" is never "no account". There is no switch to skip the check; the
    // read is small (only new entries) and is retried on throttling like every other.
    return [
      `stack "${desired.stack}" could not check tenant ${desired.tenantId} for accounts that already hold the ${count(fresh.length, "new entry's address", "new entries' addresses")}: ${err.message}. ` +
        `guestops does not invite an address it could not check, so nothing was deployed. ${err.hint ? `${err.hint}; then run` : "Run"} pulumi up again.`,
    ];
  }
  if (found.size === 0) return [];
  const at = positions(load, new Set(found.keys()));
  const lines = fresh
    .filter((g) => found.has(g.key))
    .map((g) => {
      const matches = found.get(g.key)!;
      const where = at.get(g.key) ?? `${g.file}:1:1`;
      const accounts = matches.map(describe).join("; ");
      const fix = matches.length === 1 ? `adopt it: add objectId: ${terminal(matches[0]!.user.id)} to the entry (adopting needs a stack owner's approval)` : "adopt the right one by objectId (adopting needs a stack owner's approval)";
      return `  ${where} ${terminal(g.email)} already has ${matches.length === 1 ? "an account" : `${matches.length} accounts`} in the tenant that this stack did not invite: ${accounts}. To manage it here, ${fix}; otherwise remove the entry.`;
    });
  return [
    [
      `stack "${desired.stack}": ${count(lines.length, "new entry names an address", "new entries name addresses")} that already ${lines.length === 1 ? "has an account" : "have accounts"} in tenant ${desired.tenantId}. ` +
        "Inviting an address returns its existing account, which this stack would then take over: set its sponsors, block its sign-in on expiry and, under onRemoval: delete, delete it. Nothing was deployed:",
      ...lines,
    ].join("\n"),
  ];
}

function describe({ user, by }: AccountMatch): string {
  const kind = typeof user.userType === "string" ? terminal(user.userType) : "of unknown type";
  const created = typeof user.createdDateTime === "string" ? `, created ${terminal(user.createdDateTime.slice(0, 10))}` : "";
  return `user ${terminal(user.id)} (${kind}${created}, matched by ${by})`;
}

/** file:line:col of each wanted guest's email, the first declaration winning as in the desired state. */
function positions(load: LoadResult, wanted: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  for (const { file, index, guest } of eachGuest(load.guestFiles)) {
    const key = typeof guest.email === "string" ? guest.email.toLowerCase() : undefined;
    if (key === undefined || !wanted.has(key) || found.has(key)) continue;
    const { line, column } = locate(file.parsed, ["guests", index, "email"]);
    found.set(key, `${file.path}:${line}:${column}`);
  }
  return found;
}
