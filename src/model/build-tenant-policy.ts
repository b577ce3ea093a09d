// The tenant's guardrails as desired state, from the stack (or tenant) file's `tenantPolicy` and the
// partner files' `tenantIds`, `crossTenant` and `domains`. Pure and total like buildDesiredState: values
// too broken to use are skipped, and validation reports them.
import type { GuestFile } from "./guests-schema";
import type { StackFile } from "./stack-schema";
import {
  deploysTenantPolicy,
  type AllowInvitesFrom,
  type DesiredConditionalAccess,
  type DesiredCrossTenantPartner,
  type DesiredTenantPolicy,
  type DomainListMode,
  type GuestAccess,
  type GuestMfa,
} from "./tenant-policy";

const INVITES: readonly AllowInvitesFrom[] = ["none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone"];
const ACCESS: readonly GuestAccess[] = ["restricted", "limited", "member"];
const MFA: readonly GuestMfa[] = ["off", "reportOnly", "on"];
const MODES: readonly DomainListMode[] = ["off", "allow", "deny"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Undefined when the stack declares no tenantPolicy, or leaves it to another stack (`deploys: guests`). */
export function buildTenantPolicy(stack: Partial<StackFile>, guestFiles: readonly { path: string; value?: Partial<GuestFile> }[]): DesiredTenantPolicy | undefined {
  const tp = stack.tenantPolicy;
  if (!isObject(tp) || !deploysTenantPolicy(stack)) return undefined;
  const home = uuid(stack.tenantId);
  const domainList = oneOf(MODES, tp.domainList) ?? "off";
  const allowInvitesFrom = isObject(tp.invitations) ? oneOf(INVITES, tp.invitations.allowInvitesFrom) : undefined;
  const guestAccess = oneOf(ACCESS, tp.guestAccess);
  const conditionalAccess = conditionalAccessOf(tp.conditionalAccess);

  const partners = new Map<string, DesiredCrossTenantPartner>();
  const partnerDomains = new Set<string>();
  for (const file of guestFiles) {
    const value = file.value;
    if (!isObject(value)) continue;
    for (const d of strings(value.domains)) partnerDomains.add(d.toLowerCase());
    const trust: Record<string, unknown> = isObject(value.crossTenant) ? value.crossTenant : {};
    for (const raw of strings(value.tenantIds)) {
      const tenantId = uuid(raw);
      // The first file stands for a tenant id two files declare (a validation error), and the home tenant is never a partner.
      if (!tenantId || tenantId === home || partners.has(tenantId)) continue;
      partners.set(tenantId, {
        tenantId,
        partner: typeof value.partner === "string" && value.partner.length > 0 ? value.partner : file.path,
        file: file.path,
        trustMfa: trust.trustMfa === true,
        trustCompliantDevice: trust.trustCompliantDevice === true,
      });
    }
  }
  const domainListDomains = domainList === "allow" ? [...partnerDomains] : domainList === "deny" ? strings(stack.policy?.blockedDomains).map((d) => d.toLowerCase()) : [];

  return {
    ...(allowInvitesFrom && { allowInvitesFrom }),
    ...(guestAccess && { guestAccess }),
    ...(conditionalAccess && { conditionalAccess }),
    domainList,
    domainListDomains: [...new Set(domainListDomains)].sort(),
    limitInboundToCatalog: isObject(tp.crossTenant) && tp.crossTenant.limitInboundToCatalog === true,
    partners: [...partners.values()].sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1)),
  };
}

function conditionalAccessOf(value: unknown): DesiredConditionalAccess | undefined {
  if (!isObject(value)) return undefined;
  const guestMfa = oneOf(MFA, value.guestMfa);
  if (!guestMfa) return undefined;
  const strength = uuid(value.authenticationStrength);
  const terms = uuid(value.termsOfUse);
  return {
    guestMfa,
    // Lower case and sorted: the same accounts in another order or case are no change.
    excludeAccounts: [...new Set(strings(value.excludeAccounts).map((a) => a.toLowerCase()))].sort(),
    ...(strength && { authenticationStrengthId: strength }),
    ...(terms && { termsOfUseId: terms }),
  };
}

function oneOf<T extends string>(allowed: readonly T[], v: unknown): T | undefined {
  return typeof v === "string" && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}
function uuid(v: unknown): string | undefined {
  const s = typeof v === "string" ? v.toLowerCase() : undefined;
  return s && UUID.test(s) ? s : undefined;
}
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.length > 0) : [];
}
function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
