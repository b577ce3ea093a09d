// The one comparison of the declared guardrails with the tenant's, for status (every declared setting)
// and drift (those that differ, and partner configurations the tenant has that no partner file declares).
// Pure: desired state and the tenant's guardrails in, rows out.
import type { DesiredTenantPolicy } from "../model/tenant-policy";
import type { TenantGuardrails } from "./parse-tenant-policy";

export type SettingState = "same" | "differs" | "unknown";

export interface SettingRow {
  /** As the files spell it: tenantPolicy.invitations.allowInvitesFrom, or partner fabrikam crossTenant.trustMfa. */
  setting: string;
  /** The file that declares it. */
  file: string;
  declared: string;
  tenant: string;
  state: SettingState;
  /** What to do about a difference; empty when the same. */
  fix: string;
}

export interface UndeclaredPartner {
  tenantId: string;
  trustMfa: boolean;
  trustCompliantDevice: boolean;
}

export interface TenantPolicyComparison {
  settings: SettingRow[];
  undeclaredPartners: UndeclaredPartner[];
  notes: string[];
}

export function hasPolicyDrift(c: TenantPolicyComparison | undefined): boolean {
  return c !== undefined && (c.settings.some((s) => s.state === "differs") || c.undeclaredPartners.length > 0);
}

/** Only the differences, for drift. */
export function policyDriftOf(c: TenantPolicyComparison): TenantPolicyComparison {
  return { settings: c.settings.filter((s) => s.state !== "same"), undeclaredPartners: c.undeclaredPartners, notes: c.notes };
}

const KEEP = "to keep the tenant's value, write it into Git with guestops import --guardrails --dry-run, then without --dry-run; otherwise the next deploy sets the declared one back";

/**
 * Each declared setting against the tenant's. `file` is the file whose tenantPolicy section declares the
 * settings (the stack file, or the tenant file when sharded).
 */
export function compareTenantPolicy(desired: DesiredTenantPolicy | undefined, tenant: TenantGuardrails, file: string): TenantPolicyComparison {
  const settings: SettingRow[] = [];
  const row = (setting: string, declared: string, actual: string | undefined, where = file): void => {
    const state: SettingState = actual === undefined ? "unknown" : actual === declared ? "same" : "differs";
    settings.push({ setting, file: where, declared, tenant: actual ?? "unknown", state, fix: state === "differs" ? KEEP : state === "unknown" ? "see the note on why the tenant's value is not shown" : "" });
  };
  if (desired?.allowInvitesFrom !== undefined) row("tenantPolicy.invitations.allowInvitesFrom", desired.allowInvitesFrom, tenant.allowInvitesFrom);
  if (desired?.guestAccess !== undefined) row("tenantPolicy.guestAccess", desired.guestAccess, tenant.guestAccess);
  const ca = desired?.conditionalAccess;
  if (ca) {
    const actual = tenant.guestMfaPolicy?.guestMfa ?? "off";
    row("tenantPolicy.conditionalAccess.guestMfa", ca.guestMfa, actual);
    if (ca.guestMfa !== "off" && actual !== "off") {
      const excluded = [...tenant.excludeAccounts.map((a) => a.toLowerCase()), ...tenant.unresolvedExcludes].sort();
      row("tenantPolicy.conditionalAccess.excludeAccounts", listOf(ca.excludeAccounts.map((a) => a.toLowerCase()).sort()), listOf(excluded));
    }
  }
  // domainList: off leaves the tenant's list alone (the switch guards a beta API), so only a list is compared.
  if (desired && desired.domainList !== "off") {
    row("tenantPolicy.domainList", desired.domainList, tenant.domainList?.mode);
    if (tenant.domainList && tenant.domainList.mode === desired.domainList) row("tenantPolicy.domainList domains", listOf(desired.domainListDomains), listOf(tenant.domainList.domains));
  }
  const declared = new Set<string>();
  for (const p of desired?.partners ?? []) {
    declared.add(p.tenantId.toLowerCase());
    const config = tenant.partners.find((t) => t.tenantId === p.tenantId.toLowerCase());
    const name = `partner ${p.partner} (${p.tenantId}) crossTenant`;
    if (!config) {
      settings.push({ setting: `${name}`, file: p.file, declared: "a partner configuration", tenant: "none (the default applies)", state: "differs", fix: "the next deploy creates it; if it was removed by hand on purpose, remove the tenant id from the partner file" });
      continue;
    }
    row(`${name}.trustMfa`, String(p.trustMfa), String(config.trustMfa), p.file);
    row(`${name}.trustCompliantDevice`, String(p.trustCompliantDevice), String(config.trustCompliantDevice), p.file);
  }
  const undeclaredPartners = desired
    ? tenant.partners.filter((t) => !declared.has(t.tenantId)).map((t) => ({ tenantId: t.tenantId, trustMfa: t.trustMfa, trustCompliantDevice: t.trustCompliantDevice }))
    : [];
  return { settings, undeclaredPartners, notes: tenant.notes };
}

function listOf(values: readonly string[]): string {
  return values.length === 0 ? "[]" : `[${values.join(", ")}]`;
}

export const UNDECLARED_PARTNER_FIX = "declare it with the partner's tenantIds and crossTenant in its partner file (guestops import --guardrails writes them), or remove it in the tenant";
