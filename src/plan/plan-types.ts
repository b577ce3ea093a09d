// The plan as a value: serialisable, computed once, rendered many ways (text, Markdown, JSON, GitHub).
// Two levels from one computation: resource changes for the pipeline, guest actions for people.
import type { InvitationOverrides } from "../model/desired-state";
import type { InputValue, ResourceType } from "../model/resources-for";

export type ResourceOp = "create" | "update" | "replace" | "delete";

export interface ResourceChange {
  op: ResourceOp;
  type: ResourceType;
  name: string;
  /** Key of the guest the resource serves; absent for the provider. */
  guest?: string;
  before?: Record<string, InputValue>;
  after?: Record<string, InputValue>;
  /** Input paths whose change drives the op, e.g. ["groupObjectId"]. */
  diffs?: string[];
  /** Input paths that differ but are in ignoreChanges, so Pulumi leaves them as they are. */
  ignored?: string[];
  /** Why, in words: "new membership", "groupObjectId changed (every input forces a replacement)". */
  reason: string;
  /**
   * Invitations and GuestLifecycles deleted or replaced: whether the guest's account is kept. Pulumi
   * deletes with the inputs and retainOnDelete stored at the last deploy (pulumi/pulumi#13428), so this
   * comes from the base.
   */
  retained?: boolean;
}

/** A resource whose only differences are in ignoreChanges: no change, but shown so nobody is surprised. */
export interface IgnoredChange {
  type: ResourceType;
  name: string;
  guest?: string;
  inputs: string[];
}

export interface ResourceDiff {
  changes: ResourceChange[];
  ignored: IgnoredChange[];
}

/**
 * `move`: the guest leaves another shard of the tenant for this one (see ShardMove); grants may change too.
 * `renew`: a later `expires` on a guest who keeps access: extending access is granting it.
 * `review`: only the `reviewed` date changes: the sponsor's attestation, which auditors sample.
 * `shorten`: an earlier `expires` on a guest who still has access: access ends sooner, on the new date.
 */
export type GuestAction = "invite" | "change" | "renew" | "review" | "shorten" | "expire" | "remove" | "adopt" | "move" | "unchanged";
export const GUEST_ACTIONS: readonly GuestAction[] = ["invite", "change", "renew", "review", "shorten", "expire", "remove", "adopt", "move", "unchanged"];

export interface Grant {
  kind: "group" | "app";
  /** Catalog key: what the resource names use. */
  key: string;
  /** App role; absent for a group or for an app's default access. */
  role?: string;
  /** From the catalog, for people; renaming it changes nothing in the tenant. */
  displayName: string;
  /** The catalog's owners, whose approval a grant needs. */
  owners: string[];
}

export interface PlanGuest {
  action: GuestAction;
  key: string;
  /** As written in head, else in base. */
  email: string;
  /** As declared in head, else in base: what an owner approves is a named person. */
  displayName: string;
  /** Why the guest needs access, as declared: shown beside every grant an owner approves. */
  justification: string;
  partner: string;
  sponsor?: string;
  expires: string;
  granted: Grant[];
  revoked: Grant[];
  /** Grants the guest already holds whose access a renewal extends: each needs its owners, as a new grant does. */
  extended: Grant[];
  /** A later end date: the old and new `expires`. */
  renewed?: { from: string; to: string };
  /** An earlier end date on a guest who still has access: the old and new `expires`. */
  shortened?: { from: string; to: string };
  /** The sponsor before the change, when it changes: both the old and the new sponsor approve. */
  sponsorBefore?: string;
  /** The justification before the change, when it changes: shown beside the new one. */
  justificationBefore?: string;
  /** The `reviewed` date this change records, when it sets or moves one. */
  reviewed?: string;
  /** Owners of every granted or extended group or app: the people whose approval this change needs. */
  approvers: string[];
  /** What happens to the guest's account in the tenant. */
  account: "kept" | "deleted";
  /** What GuestLifecycle does to the account besides: "block sign-in", "allow sign-in again", "sponsor changed". */
  lifecycle?: string[];
  /** The entry's own invitation settings (redirect, message, cc, ...), shown on invites and when they change. */
  invitation?: InvitationOverrides;
  /** The adopted account's object id, when the entry sets or changes one: only a stack owner may approve it. */
  objectId?: string;
  /** For a `move`: the shard (stack) the guest leaves for this one. */
  movedFrom?: string;
  /** What else a reviewer should see: edits with no effect in the tenant ("expires 2027-03-31 → 2027-06-30"), replacements. */
  notes: string[];
  /** Where the guest is declared: in head, or in base for a removed guest. Filled in by locateGuests. */
  file?: string;
  line?: number;
  column?: number;
  /** Which revision file, line and column refer to. */
  locatedIn?: "head" | "base";
}

/** Invitation settings an entry overrides; a hostile redirect or message must never be invisible. */
export type { InvitationOverrides };

/**
 * A change to what the stack allows: policy, catalog, tenant, partner domains or `guestops:` config.
 * `path` is the dotted path inside `file`; `before`/`after` are undefined when the value is added or removed.
 */
export interface PolicyChange {
  file: string;
  path: string;
  before?: unknown;
  after?: unknown;
  /** `before` is the schema's default: the base's file does not write the setting. */
  beforeDefault?: true;
  /** `after` is the schema's default: the change removes the setting from the file. */
  afterDefault?: true;
  /** Widens what guests can get (a domain unblocked, a longer maximum, a group opened to guests, ...). */
  loosens: boolean;
  /** The base's stack owners: never the owners the same change sets. */
  approvers: string[];
  /**
   * For a changed login in people.yaml: the person (address) whose own approval it needs besides, under
   * the login the base maps to them, so that no one else's account can take over their approvals.
   */
  person?: string;
}

/**
 * One approval the change needs: any one address of `anyOf`. `for` says what it is for, such as
 * "group:erp-project", "app:expenses/Submitter", "policy", "adopt:ana.silva@fabrikam.com", or "sponsor:priya.natarajan@contoso.com".
 */
export interface Approval {
  for: string;
  anyOf: string[];
  /**
   * Who approves instead when every address of `anyOf` is the change's own author (a sponsor renewing their
   * own guest): the author's approval never counts, so another person must, as Entra's fallback approvers do.
   */
  fallback?: string[];
  /** The guests whose grants need it, for people; absent for policy. */
  guests?: string[];
}

export type GuardName = "massRemoval" | "emptyHead" | "accountDeletion" | "renamedGrant" | "tenantChange" | "adoptionOfInvited" | "stackRemoval";

/** A stack file the base has and the head no longer has (a shard's is its tenant's guard's), with the guests its stack still holds. */
export interface RemovedStack {
  stack: string;
  /** The base's guests with access or an account in it. */
  guests: number;
}

export interface Refusal {
  guard: GuardName;
  message: string;
  /** The guest it is about, if any, so that renderers can point at its line. */
  guest?: string;
}

export interface RemovalStats {
  /** The stricter of the base's and the head's policy.maxRemovalShare. */
  limit: number;
  /** `ending`: guests counted as removed because the change moves their expires to within `horizon` days. */
  guests: { removed: number; managed: number; share: number; ending?: number; horizon?: number };
  grants: { deleted: number; total: number; share: number };
}

export interface Guards {
  /** Why the plan must not be deployed; empty when it may. */
  refusals: Refusal[];
  /** Refusals that --allow-mass-removal or --allow-stack-removal lifted: renderers say so loudly. */
  overridden: Refusal[];
  /** Allowed but worth a reviewer's eye: replaced memberships and assignments. */
  flagged: string[];
  removal: RemovalStats;
}

export interface PlanWarning {
  file: string;
  line: number;
  column: number;
  message: string;
  rule: string;
}

export interface BaseInfo {
  /** "origin/main (3f2a9c1)", or a test's label. */
  label: string;
  ref?: string;
  commit?: string;
  short?: string;
  date?: string;
  subject?: string;
  /** No stack file at the base: nothing was deployed from it. */
  empty: boolean;
}

export interface Plan {
  stack: string;
  base: BaseInfo;
  head: { label: string };
  asOf: string;
  baseAsOf: string;
  summary: Record<ResourceOp, number>;
  guestSummary: Record<GuestAction, number>;
  changes: ResourceChange[];
  ignored: IgnoredChange[];
  /** Guests with an action or a note; unchanged guests are only counted. */
  guests: PlanGuest[];
  /** null when the plan may be deployed; else every reason, joined. */
  refused: string | null;
  guards: Guards;
  /** Validation warnings of the head (expiring soon, review overdue, ...). */
  warnings: PlanWarning[];
  /** Facts about the change as a whole, e.g. a policy change that affects later removals. */
  notices: string[];
  /** Every change to policy, catalog, tenant, partner domains and `guestops:` config; empty when none. */
  policyChanges: PolicyChange[];
  /** Approvals the change needs, one entry per group, app role, sponsor, adoption and policy change. */
  approvals: Approval[];
  /** The rule the approvals follow, in one sentence, as every format states it. */
  approvalRule: string;
}
