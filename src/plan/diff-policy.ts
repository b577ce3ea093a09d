// Policy changes: every edit to what the stack allows, found by comparing the files themselves (the
// stack file, partner files' domains and Pulumi.<stack>.yaml), not the desired state, so that nothing a
// pull request loosens can pass unseen. Each change names its approvers: the base's stack owners, never
// owners the same change sets. Pure: two views of the files in, a list out.
import type { LoadResult } from "../load/load-repo";
import type { StackFile } from "../model/stack-schema";
import { allowedRedirectHosts } from "../rules/invitation-rules";
import { diffTenantPolicy, tenantPolicyLoosens, type PartnerTrust } from "./diff-tenant-policy";
import type { PolicyChange } from "./plan-types";

/** What a policy diff reads from one revision. */
export interface PolicyView {
  /** Where the policy and catalog are written: the stack file, or a shard's tenant file. */
  stackPath: string;
  /** A shard's own stack file, where its guestFiles are written. */
  shardPath?: string;
  /** The stack's settings as its files write them: only these are compared. */
  stack?: Record<string, unknown>;
  /** The same with the schema's defaults filled in: what a setting that is not written is worth. */
  effective?: Partial<StackFile>;
  /** Each partner file's domains. */
  partners: { path: string; domains: string[] }[];
  /** Each partner file's tenantIds and inbound trust, as written: the guardrails' partners. */
  trust?: PartnerTrust[];
  /**
   * For a shard: the domains of its sibling shards' partner files in the same revision. Partner domains
   * are the tenant's, so a domain a sibling already has is not added, and one a sibling keeps is not removed.
   */
  siblingDomains?: readonly string[];
  pulumiPath: string;
  config: Record<string, unknown>;
  /** Pulumi.<stack>.yaml's keys besides `config` (environment, secretsprovider, encryptionsalt, ...). */
  pulumiSettings?: Record<string, unknown>;
  /** Pulumi.yaml: what a deploy runs (main, runtime), where it reads the stack's settings, its config. */
  project?: { path: string; settings: Record<string, unknown>; config: Record<string, unknown> };
  /** people.yaml's logins by lower-cased address: the gate maps reviewers to owners through them. */
  people?: { path: string; byEmail: Record<string, Record<string, string>> };
  /**
   * Only the repository's own files (people.yaml, Pulumi.yaml): the base has no stack file (nothing
   * deployed), but those files are already reviewed, so only what the change does to them is a change.
   * Sets no stack setting.
   */
  repositoryOnly?: true;
}

export function policyViewOf(load: LoadResult): PolicyView {
  const config = load.pulumi?.value?.config;
  const written = writtenStack(load);
  return {
    stackPath: load.stack?.path ?? load.stackPath,
    ...(load.shardFile && { shardPath: load.shardFile.path }),
    ...(written && { stack: written }),
    ...(load.stack?.value && { effective: load.stack.value }),
    partners: load.guestFiles.map((f) => ({ path: f.path, domains: strings(f.value?.domains).map((d) => d.toLowerCase()) })),
    trust: load.guestFiles.flatMap((f) => {
      // Guest files get no schema defaults: their value is as written.
      const written = f.value as unknown;
      if (!isMap(written) || written.tenantIds === undefined) return [];
      const trust = mapOf(written.crossTenant);
      return [{ path: f.path, tenantIds: strings(written.tenantIds).map((id) => id.toLowerCase()), trustMfa: trust.trustMfa === true, trustCompliantDevice: trust.trustCompliantDevice === true }];
    }),
    pulumiPath: load.pulumiPath,
    config: isMap(config) ? config : {},
    ...(isMap(load.pulumi?.value) && { pulumiSettings: withoutConfig(load.pulumi.value) }),
    ...projectViewOf(load),
    ...peopleViewOf(load),
  };
}

/** The base's view when it has no stack file: only its repository-wide files, if it has any. */
export function repositoryViewOf(load: LoadResult): PolicyView | undefined {
  const shared = { ...projectViewOf(load), ...peopleViewOf(load) };
  if (!shared.people && !shared.project) return undefined;
  return { stackPath: load.stackPath, partners: [], pulumiPath: load.pulumiPath, config: {}, ...shared, repositoryOnly: true };
}

function projectViewOf(load: LoadResult): Pick<PolicyView, "project"> {
  const value = load.project?.value;
  if (!load.project || !isMap(value)) return {};
  return { project: { path: load.project.path, settings: withoutConfig(value), config: mapOf(value.config) } };
}

function withoutConfig(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "config"));
}

function peopleViewOf(load: LoadResult): Pick<PolicyView, "people"> {
  const list = load.people?.value?.people;
  if (!load.people || !Array.isArray(list)) return {};
  const byEmail: Record<string, Record<string, string>> = Object.create(null);
  for (const person of list as unknown[]) {
    if (!isMap(person) || typeof person.email !== "string") continue;
    const email = person.email.toLowerCase();
    // Two entries for one address are a validation error (peopleUnique); the first is the one shown.
    if (Object.hasOwn(byEmail, email)) continue;
    byEmail[email] = Object.fromEntries(Object.entries(person).filter(([k, v]) => k !== "email" && typeof v === "string")) as Record<string, string>;
  }
  return { people: { path: load.people.path, byEmail } };
}

/** The stack as written: a shard's tenant file, with the keys the shard's own file writes. */
function writtenStack(load: LoadResult): Record<string, unknown> | undefined {
  const own = load.stack?.parsed.written;
  // Without a tenant file the shard stands in for it (see joinTenant).
  if (!load.shardFile || load.stack === load.shardFile) return own;
  const shard = load.shardFile.parsed.written ?? {};
  const keys = ["tenant", "guestFiles", "deploys"].filter((k) => shard[k] !== undefined);
  return { ...own, ...Object.fromEntries(keys.map((k) => [k, shard[k]])) };
}

/** The stack owners who approve policy changes: the base's; only a stack that had none takes the head's. */
export function stackOwners(base: PolicyView | undefined, _head: PolicyView): string[] {
  // Never the head's: a change may not name who approves it. A stack without owners fails closed (an
  // empty anyOf is never satisfied); its first owners are set through the repository's own review.
  return strings(base?.stack?.owners);
}

type Direction = "any" | "up" | "down" | "added" | "removed" | "true" | "none" | "notRequired" | "tenantPolicy";

/**
 * Which way each setting loosens: "up" when a larger number widens what guests get (or what a deploy may
 * remove), "down" when a smaller one does, "added"/"removed" for list items, "true" when turning it on
 * does, "any" when every change does and "none" when no change does.
 */
const LOOSENS: [RegExp, Direction][] = [
  [/^tenantId$/, "any"],
  [/^cloud$/, "any"],
  [/^tenant$/, "any"],
  [/^internalDomains$/, "any"],
  [/^guestFiles$/, "any"],
  [/^owners$/, "added"],
  [/^invitation\.redirectUrl$/, "any"],
  [/^invitation\./, "none"],
  [/^policy\.maxExpiryDays$/, "up"],
  [/^policy\.blockedDomains$/, "removed"],
  [/^policy\.allowedDomains$/, "added"],
  [/^policy\.allowedRedirectHosts$/, "added"],
  [/^policy\.maxRemovalShare$/, "up"],
  [/^policy\.onRemoval$/, "any"],
  [/^policy\.expiredGraceDays$/, "down"],
  [/^policy\.reviewIntervalDays$/, "up"],
  // A longer renewal term gives each renewed guest more time before the sponsor is asked again.
  [/^policy\.renewalDays$/, "up"],
  [/^policy\./, "any"],
  // Turning either switch off lets expired guests sign in, or leaves sponsors unrecorded.
  [/^lifecycle\./, "any"],
  // Without it, a renewal or an invitation no longer asks the guest's sponsor; absent means required.
  [/^approvals\.sponsor$/, "notRequired"],
  [/^(groups|apps)\.[^.]+$/, "added"],
  [/^groups\.[^.]+\.allowGuests$/, "true"],
  [/^(groups|apps)\.[^.]+\.owners$/, "added"],
  [/^(groups|apps)\.[^.]+\.maxExpiryDays$/, "up"],
  [/^apps\.[^.]+\.roles\.[^.]+$/, "any"],
  [/^(groups|apps)\.[^.]+\.(objectId|servicePrincipalId)$/, "any"],
  // The same entry (the same id) under another key or name; a display name is only a label, but shown.
  [/^(groups|apps)\.[^.]+\.(key|displayName)$/, "none"],
  [/^apps\.[^.]+\.roles\.[^.]+\.name$/, "none"],
  [/^domains$/, "added"],
  // A login added or changed lets that account approve as the person; one removed only stops it.
  [/^people\./, "added"],
  // What a stack deploys decides which identity writes what: every change is the platform team's.
  [/^deploys$/, "any"],
  [/^tenantPolicy\./, "tenantPolicy"],
  [/^config\.guestops:allowEmpty$/, "true"],
  [/^config\./, "any"],
];

// Catalog fields that change what a grant is or who approves it; displayName, a label, is compared too.
const GROUP_FIELDS = ["objectId", "allowGuests", "owners", "maxExpiryDays"] as const;
const APP_FIELDS = ["servicePrincipalId", "owners", "maxExpiryDays"] as const;

export function diffPolicy(base: PolicyView | undefined, head: PolicyView): PolicyChange[] {
  const approvers = stackOwners(base, head);
  const changes: PolicyChange[] = [];
  const add = (file: string, path: string, before: unknown, after: unknown, defaults: Defaults = {}, judged?: boolean, person?: string) => {
    if (sameValue(before, after) && !defaults.before && !defaults.after) return;
    changes.push({
      file,
      path,
      ...(before !== undefined && { before }),
      ...(after !== undefined && { after }),
      ...(defaults.before && { beforeDefault: true as const }),
      ...(defaults.after && { afterDefault: true as const }),
      loosens: judged ?? loosensValue(path, before, after),
      approvers,
      ...(person !== undefined && { person }),
    });
  };
  // `written` decides whether a setting changed; `effective` (the schema's default where nothing is
  // written) is what a side that writes nothing is worth, shown and judged as such.
  const compare = (file: string, path: string, written: [unknown, unknown], effective: [unknown, unknown] = written) => {
    const [bw, hw] = written;
    if (sameValue(bw, hw)) return;
    const defaults = { before: bw === undefined && effective[0] !== undefined, after: hw === undefined && effective[1] !== undefined };
    // Written on one side and left to the default on the other: one change of the whole setting.
    if (defaults.before || defaults.after) return add(file, path, effective[0], effective[1], defaults);
    if (Array.isArray(bw) || Array.isArray(hw)) {
      // Lists are sets of domains, patterns or owners: each item added or removed is its own change.
      const b = listOf(bw);
      const a = listOf(hw);
      // An allow-list that empty leaves open: its last item removed loosens, its first item added tightens.
      const open = OPEN_WHEN_EMPTY.includes(path);
      for (const item of b) if (!a.some((x) => sameValue(x, item))) add(file, path, item, undefined, {}, open ? a.length === 0 : undefined);
      for (const item of a) if (!b.some((x) => sameValue(x, item))) add(file, path, undefined, item, {}, open ? b.length > 0 : undefined);
    } else add(file, path, bw, hw);
  };

  const bs = base?.stack ?? {};
  const hs = head.stack ?? {};
  const be = withDerivedLists((base?.effective ?? {}) as Record<string, unknown>);
  const he = withDerivedLists((head.effective ?? {}) as Record<string, unknown>);
  const stackFile = head.stackPath;
  // `cloud` decides which Graph the lifecycle writes to; `tenant` which shared policy a shard follows.
  for (const key of ["tenantId", "cloud", "internalDomains", "guestFiles", "owners", "tenant", "deploys"] as const) {
    compare(key === "guestFiles" || key === "tenant" || key === "deploys" ? (head.shardPath ?? stackFile) : stackFile, key, [bs[key], hs[key]], [be[key], he[key]]);
  }
  for (const section of ["invitation", "policy", "lifecycle", "approvals"] as const) {
    const [b, h] = [mapOf(bs[section]), mapOf(hs[section])];
    const [eb, eh] = [mapOf(be[section]), mapOf(he[section])];
    for (const key of union(Object.keys(b), Object.keys(h))) compare(stackFile, `${section}.${key}`, [b[key], h[key]], [eb[key], eh[key]]);
  }
  diffTenantPolicy(base && !base.repositoryOnly ? { stack: bs, effective: be, ...(base.trust && { trust: base.trust }) } : undefined, { stack: hs, effective: he, ...(head.trust && { trust: head.trust }) }, stackFile, add, compare);
  compareCatalog("groups", GROUP_FIELDS, bs.groups, hs.groups, stackFile, add, compare);
  compareCatalog("apps", APP_FIELDS, bs.apps, hs.apps, stackFile, add, compare);

  // A partner domain is compared across all files: moving it between files changes nothing.
  const domainFiles = (view: PolicyView | undefined) => {
    const files = new Map<string, string>();
    for (const p of view?.partners ?? []) for (const d of p.domains) if (!files.has(d)) files.set(d, p.path);
    return files;
  };
  // Across a tenant's shards too: a guest file moved from one shard to another changes no domain.
  const before = domainFiles(base);
  const after = domainFiles(head);
  const kept = new Set(head.siblingDomains ?? []);
  const had = new Set(base?.siblingDomains ?? []);
  for (const [domain, file] of before) if (!after.has(domain) && !kept.has(domain)) add(file, "domains", domain, undefined);
  for (const [domain, file] of after) if (!before.has(domain) && !had.has(domain)) add(file, "domains", undefined, domain);

  comparePeople(base?.people, head.people, add);

  // Pulumi's own settings decide what runs at deploy and with which secrets: every change is a policy
  // change, and each loosens but a project's description.
  const [bps, hps] = [base?.pulumiSettings ?? {}, head.pulumiSettings ?? {}];
  for (const key of union(Object.keys(bps), Object.keys(hps))) add(head.pulumiPath, key, bps[key], hps[key], {}, true);
  const [bp, hp] = [base?.project, head.project];
  const projectFile = hp?.path ?? bp?.path;
  if (projectFile) {
    const [bset, hset] = [bp?.settings ?? {}, hp?.settings ?? {}];
    for (const key of union(Object.keys(bset), Object.keys(hset))) add(projectFile, key, bset[key], hset[key], {}, key !== "description");
    const [bcfg, hcfg] = [bp?.config ?? {}, hp?.config ?? {}];
    for (const key of union(Object.keys(bcfg), Object.keys(hcfg))) add(projectFile, `config.${key}`, bcfg[key], hcfg[key], {}, true);
  }

  const bc = base?.config ?? {};
  const hc = head.config;
  for (const key of union(Object.keys(bc), Object.keys(hc))) compare(head.pulumiPath, `config.${key}`, [bc[key], hc[key]]);
  return changes;
}

function compareCatalog(
  kind: "groups" | "apps",
  fields: readonly string[],
  base: unknown,
  head: unknown,
  file: string,
  add: (file: string, path: string, before: unknown, after: unknown) => void,
  compare: (file: string, path: string, written: [unknown, unknown]) => void,
): void {
  const b = isMap(base) ? base : {};
  const h = isMap(head) ? head : {};
  const idField = kind === "groups" ? "objectId" : "servicePrincipalId";
  for (const [bk, hk] of pairByIds(b, h, (entry) => (isMap(entry) ? lowerString(entry[idField]) : undefined))) {
    const be = bk === undefined ? undefined : b[bk];
    const he = hk === undefined ? undefined : h[hk];
    if (!isMap(be) || !isMap(he)) {
      if (bk !== undefined) add(file, `${kind}.${bk}`, isMap(be) ? entrySummary(be, fields) : be, undefined);
      if (hk !== undefined) add(file, `${kind}.${hk}`, undefined, isMap(he) ? entrySummary(he, fields) : he);
      continue;
    }
    // The same entry under a new key: its fields are judged against the base's, whose owners said yes or no.
    if (bk !== hk) add(file, `${kind}.${hk}.key`, bk, hk);
    for (const field of [...fields, "displayName"]) compare(file, `${kind}.${hk}.${field}`, [be[field], he[field]]);
    if (kind === "apps") {
      const br = isMap(be.roles) ? be.roles : {};
      const hr = isMap(he.roles) ? he.roles : {};
      // A role is its id too: a renamed role is the same role.
      for (const [brk, hrk] of pairByIds(br, hr, lowerString)) {
        if (brk !== undefined && hrk !== undefined && brk !== hrk) add(file, `apps.${hk}.roles.${hrk}.name`, brk, hrk);
        else if (brk !== undefined && hrk !== undefined) compare(file, `apps.${hk}.roles.${hrk}`, [br[brk], hr[hrk]]);
        else compare(file, `apps.${hk}.roles.${(hrk ?? brk)!}`, [brk === undefined ? undefined : br[brk], hrk === undefined ? undefined : hr[hrk]]);
      }
    }
  }
}

/**
 * Base and head entries paired as the same entry: the same key with the same id first, then the same id
 * under another key (a renamed key), then the same key (a changed id). What is left is added or removed.
 */
function pairByIds(base: Record<string, unknown>, head: Record<string, unknown>, idOf: (entry: unknown) => string | undefined): [string | undefined, string | undefined][] {
  const pairs: [string | undefined, string | undefined][] = [];
  const freeBase = new Set(Object.keys(base).sort());
  const freeHead = new Set(Object.keys(head).sort());
  const pair = (bk: string, hk: string) => {
    pairs.push([bk, hk]);
    freeBase.delete(bk);
    freeHead.delete(hk);
  };
  for (const hk of [...freeHead]) if (freeBase.has(hk) && idOf(head[hk]) !== undefined && idOf(base[hk]) === idOf(head[hk])) pair(hk, hk);
  // Linear in the catalog's size: base keys by id, each taken once, in key order.
  const byId = new Map<string, string[]>();
  for (const bk of freeBase) {
    const id = idOf(base[bk]);
    if (id !== undefined) byId.set(id, [...(byId.get(id) ?? []), bk]);
  }
  for (const hk of [...freeHead]) {
    const bk = byId.get(idOf(head[hk]) ?? "")?.shift();
    if (bk !== undefined) pair(bk, hk);
  }
  for (const hk of [...freeHead]) if (freeBase.has(hk)) pair(hk, hk);
  for (const bk of freeBase) pairs.push([bk, undefined]);
  for (const hk of freeHead) pairs.push([undefined, hk]);
  const keyOf = ([b, h]: [string | undefined, string | undefined]) => (h ?? b)!;
  return pairs.sort((x, y) => (keyOf(x) < keyOf(y) ? -1 : keyOf(x) > keyOf(y) ? 1 : 0));
}

function lowerString(value: unknown): string | undefined {
  return typeof value === "string" ? value.toLowerCase() : undefined;
}

/**
 * people.yaml, person by person: who may approve as an owner. A login of a person the base has, changed or
 * removed, also needs that person's own approval, which the gate reads through the base's mapping: the
 * old login's. A person added or removed needs only the stack owner.
 */
function comparePeople(
  base: PolicyView["people"],
  head: PolicyView["people"],
  add: (file: string, path: string, before: unknown, after: unknown, defaults?: Defaults, judged?: boolean, person?: string) => void,
): void {
  if (!base && !head) return;
  const file = head?.path ?? base!.path;
  const b = base?.byEmail ?? {};
  const h = head?.byEmail ?? {};
  for (const email of union(Object.keys(b), Object.keys(h))) {
    const [bp, hp] = [Object.hasOwn(b, email) ? b[email] : undefined, Object.hasOwn(h, email) ? h[email] : undefined];
    if (!bp || !hp) {
      add(file, `people.${email}`, bp, hp);
      continue;
    }
    for (const field of union(Object.keys(bp), Object.keys(hp))) add(file, `people.${email}.${field}`, bp[field], hp[field], {}, undefined, bp[field] !== undefined ? email : undefined);
  }
}

/** An added or removed catalog entry, shown by the fields that matter (and its roles). */
function entrySummary(entry: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const f of [...fields, "roles"]) if (entry[f] !== undefined) shown[f] = entry[f];
  return shown;
}

/**
 * Allow-lists that allow everything when empty (their schema default): emptying one loosens, whichever
 * item goes last, and giving it a first item tightens. (policy.allowedRedirectHosts is never open: when
 * absent, its hosts are derived, see withDerivedLists.)
 */
export const OPEN_WHEN_EMPTY: readonly string[] = ["policy.allowedDomains"];

/**
 * Allow-lists whose absence means a derived list, not "no limit": the effective value is what the rules
 * allow, so removing the key is judged as the derived list against the written one.
 */
export const DERIVED_WHEN_ABSENT: readonly string[] = ["policy.allowedRedirectHosts"];

/** The effective stack with each derived allow-list filled in, as the rules read it. */
function withDerivedLists(effective: Record<string, unknown>): Record<string, unknown> {
  const policy = mapOf(effective.policy);
  if (policy.allowedRedirectHosts !== undefined || !isMap(effective.policy)) return effective;
  return { ...effective, policy: { ...policy, allowedRedirectHosts: allowedRedirectHosts({ stack: effective as Partial<StackFile> }) } };
}

/** Which sides of a change are the schema's default, because that side's file does not write the setting. */
interface Defaults {
  before?: boolean;
  after?: boolean;
}

/** Whether a change loosens; a whole list against a whole list loosens when any item's change does. */
function loosensValue(path: string, before: unknown, after: unknown): boolean {
  // Writing down the default, or removing a setting equal to it, changes nothing the stack allows.
  if (sameValue(before, after)) return false;
  if (!Array.isArray(before) && !Array.isArray(after)) return loosens(path, before, after);
  const b = listOf(before);
  const a = listOf(after);
  if (OPEN_WHEN_EMPTY.includes(path) && (b.length === 0 || a.length === 0)) return b.length > 0 && a.length === 0;
  return b.some((x) => !a.some((y) => sameValue(x, y)) && loosens(path, x, undefined)) || a.some((x) => !b.some((y) => sameValue(x, y)) && loosens(path, undefined, x));
}

function loosens(path: string, before: unknown, after: unknown): boolean {
  const direction = LOOSENS.find(([pattern]) => pattern.test(path))?.[1] ?? "any";
  switch (direction) {
    case "none":
      return false;
    case "any":
      return true;
    case "added":
      // A whole new catalog entry loosens unless it is a group closed to guests.
      if (/^groups\.[^.]+$/.test(path) && isMap(after)) return after.allowGuests !== false;
      return after !== undefined;
    case "removed":
      return before !== undefined && after === undefined;
    case "true":
      return after === true || after === "true";
    case "notRequired":
      return after === "notRequired";
    case "tenantPolicy":
      return tenantPolicyLoosens(path, before, after);
    case "up":
      return after === undefined || (typeof before === "number" && typeof after === "number" ? after > before : true);
    case "down":
      return after === undefined || (typeof before === "number" && typeof after === "number" ? after < before : true);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function mapOf(value: unknown): Record<string, unknown> {
  return isMap(value) ? value : {};
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
