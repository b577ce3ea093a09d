// Policy changes to the tenant's guardrails: the stack's `tenantPolicy` setting by setting, and the
// partner files' tenantIds and crossTenant, tenant by tenant. Compared as written, like the rest of the
// policy (diff-policy.ts), and judged loosens or tightens by which way each setting widens what outsiders
// may do. Only a side whose stack deploys the guardrails has any: another stack's are not this plan's.
import { deploysTenantPolicy } from "../model/tenant-policy";

/** What a policy view holds of one partner file for the guardrails. */
export interface PartnerTrust {
  path: string;
  /** Lower case, as written. */
  tenantIds: string[];
  trustMfa: boolean;
  trustCompliantDevice: boolean;
}

type Add = (file: string, path: string, before: unknown, after: unknown, defaults?: { before?: boolean; after?: boolean }, judged?: boolean) => void;
type Compare = (file: string, path: string, written: [unknown, unknown], effective?: [unknown, unknown]) => void;

interface Side {
  stack?: Record<string, unknown>;
  effective?: Record<string, unknown>;
  trust?: readonly PartnerTrust[];
}

/**
 * Each ranked setting's values from narrowest to widest. A side that does not manage the setting is
 * judged as its widest value: the tenant may be anything, so taking it over never loosens, and giving it
 * up loosens unless it was already at the widest.
 */
export const RANKS: Readonly<Record<string, readonly string[]>> = {
  "tenantPolicy.invitations.allowInvitesFrom": ["none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone"],
  "tenantPolicy.guestAccess": ["restricted", "limited", "member"],
  "tenantPolicy.conditionalAccess.guestMfa": ["on", "reportOnly", "off"],
  "tenantPolicy.domainList": ["allow", "deny", "off"],
};

/** Whether a change of one tenantPolicy setting loosens. */
export function tenantPolicyLoosens(path: string, before: unknown, after: unknown): boolean {
  const rank = RANKS[path];
  if (rank) {
    const at = (v: unknown) => (typeof v === "string" && rank.includes(v) ? rank.indexOf(v) : rank.length - 1);
    return at(after) > at(before);
  }
  // A break-glass account more is one more account the policy never asks for MFA.
  if (path === "tenantPolicy.conditionalAccess.excludeAccounts") return after !== undefined && before === undefined;
  // Removing the limit lets partners' users reach every app again.
  if (path === "tenantPolicy.crossTenant.limitInboundToCatalog") return before === true && after !== true;
  // A strength or terms of use removed asks less; one swapped for another may ask less: a reviewer decides.
  if (path === "tenantPolicy.conditionalAccess.authenticationStrength" || path === "tenantPolicy.conditionalAccess.termsOfUse") return before !== undefined;
  return true;
}

/** The settings under tenantPolicy, as dotted paths to leaves (lists are leaves). */
function leaves(value: unknown, prefix = "tenantPolicy"): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!isMap(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const path = `${prefix}.${k}`;
    if (isMap(v)) for (const [p, x] of leaves(v, path)) out.set(p, x);
    else out.set(path, v);
  }
  return out;
}

export function diffTenantPolicy(base: Side | undefined, head: Side, stackFile: string, add: Add, compare: Compare): void {
  const deploys = (s: Side | undefined) => s !== undefined && deploysTenantPolicy(s.effective);
  const [bd, hd] = [deploys(base), deploys(head)];
  if (!bd && !hd) return;
  const [bw, hw] = [leaves(bd ? base?.stack?.tenantPolicy : undefined), leaves(hd ? head.stack?.tenantPolicy : undefined)];
  const [be, he] = [leaves(bd ? base?.effective?.tenantPolicy : undefined), leaves(hd ? head.effective?.tenantPolicy : undefined)];
  const EXCLUDED = "tenantPolicy.conditionalAccess.excludeAccounts";
  for (const path of [...new Set([...bw.keys(), ...hw.keys(), ...be.keys(), ...he.keys()])].sort()) {
    if (path !== EXCLUDED) compare(stackFile, path, [bw.get(path), hw.get(path)], [be.get(path), he.get(path)]);
  }
  // An account more excluded loosens a policy that applies; to a policy the base did not have, the exclusion takes nothing away.
  const applied = ["on", "reportOnly"].includes(String(be.get("tenantPolicy.conditionalAccess.guestMfa")));
  const [bx, hx] = [lowerList(bw.get(EXCLUDED)), lowerList(hw.get(EXCLUDED))];
  for (const a of bx) if (!hx.includes(a)) add(stackFile, EXCLUDED, a, undefined, {}, false);
  for (const a of hx) if (!bx.includes(a)) add(stackFile, EXCLUDED, undefined, a, {}, applied);
  const limited = (s: Side | undefined) => isMap(s?.effective?.tenantPolicy) && isMap(s.effective.tenantPolicy.crossTenant) && s.effective.tenantPolicy.crossTenant.limitInboundToCatalog === true;
  comparePartners(bd ? (base?.trust ?? []) : [], hd ? (head.trust ?? []) : [], bd && limited(base), add);
}

/**
 * Partner tenants by tenant id: moving one between files changes nothing. A tenant added or removed is a
 * change of the file that declares it; its trust is compared as the file writes it, once per file.
 */
function comparePartners(base: readonly PartnerTrust[], head: readonly PartnerTrust[], baseLimited: boolean, add: Add): void {
  const byTenant = (list: readonly PartnerTrust[]) => {
    const m = new Map<string, PartnerTrust>();
    for (const p of list) for (const id of p.tenantIds) if (!m.has(id)) m.set(id, p);
    return m;
  };
  const [b, h] = [byTenant(base), byTenant(head)];
  const told = new Set<string>();
  for (const id of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    const [bp, hp] = [b.get(id), h.get(id)];
    const file = (hp ?? bp)!.path;
    // A partner dropped loses its configuration (never the tenant's default): with the limit on, its
    // users may then reach every app the default allows.
    if (!hp) add(file, "tenantIds", id, undefined, {}, baseLimited);
    if (!bp) add(file, "tenantIds", undefined, id, {}, false);
    for (const key of ["trustMfa", "trustCompliantDevice"] as const) {
      const [before, after] = [bp ? bp[key] : false, hp ? hp[key] : undefined];
      if (before === (after ?? false)) continue;
      const once = `${file}\0${key}\0${String(before)}\0${String(after)}`;
      if (told.has(once)) continue;
      told.add(once);
      add(file, `crossTenant.${key}`, before, after, {}, after === true);
    }
  }
}

function lowerList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string").map((v) => v.toLowerCase()) : [];
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
