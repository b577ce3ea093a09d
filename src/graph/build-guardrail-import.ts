// What `guestops import --guardrails` writes: the tenant's current guardrails into the stack's (or
// tenant file's) tenantPolicy, and each partner configuration's tenant id and trust into its partner
// file. Pure: texts in, texts out, through the one YAML editor (src/edit/insert-map-entry.ts), so every
// byte outside the values set stays as it was, comments included. Only values that pass strict checks
// are written: an address, a tenant id or a domain from Graph is untrusted.
import { setMapValue } from "../edit/insert-map-entry";
import type { DesiredTenantPolicy } from "../model/tenant-policy";
import type { FileChange } from "./build-adoption";
import type { TenantGuardrails } from "./parse-tenant-policy";

export interface GuardrailImportInput {
  /** The file whose tenantPolicy is written: the stack file, or the tenant file when sharded. */
  policyFile: { path: string; text: string };
  declared?: DesiredTenantPolicy;
  partnerFiles: readonly { path: string; text?: string; value?: { domains?: unknown; tenantIds?: unknown } }[];
  tenant: TenantGuardrails;
  /** Partner tenant id → its default domain (Graph's findTenantInformationByTenantId), when known. */
  tenantDomains: ReadonlyMap<string, string>;
}

export interface GuardrailImport {
  files: FileChange[];
  /** Each value written, for the summary. */
  set: { file: string; setting: string; value: string }[];
  skipped: { setting: string; reason: string }[];
}

// Plain ASCII addresses only: Graph's mail may hold anything, and excludeAccounts is a security setting.
const ADDRESS = /^[A-Za-z0-9._'-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function buildGuardrailImport(input: GuardrailImportInput): GuardrailImport {
  const texts = new Map<string, { before?: string; after: string }>();
  const set: GuardrailImport["set"] = [];
  const skipped: GuardrailImport["skipped"] = [];
  const edit = (file: string, before: string, path: string[], value: unknown, after?: string): void => {
    const current = texts.get(file) ?? { before, after: before };
    const r = setMapValue(current.after, path, value, after);
    if ("error" in r) {
      skipped.push({ setting: `${file} ${path.join(".")}`, reason: r.error });
      return;
    }
    if (r.text !== current.after) set.push({ file, setting: path.join("."), value: shownValue(value) });
    texts.set(file, { before: current.before, after: r.text });
  };
  const { tenant, declared, policyFile } = input;
  // A new tenantPolicy section goes right after policy, the other settings a stack owner approves.
  const policy = (path: string[], value: unknown) => edit(policyFile.path, policyFile.text, ["tenantPolicy", ...path], value, "policy");

  if (tenant.allowInvitesFrom) policy(["invitations", "allowInvitesFrom"], tenant.allowInvitesFrom);
  else skipped.push({ setting: "tenantPolicy.invitations.allowInvitesFrom", reason: "the tenant's value is one guestops does not know (see the note)" });
  if (tenant.guestAccess) policy(["guestAccess"], tenant.guestAccess);
  else skipped.push({ setting: "tenantPolicy.guestAccess", reason: "the tenant's guestUserRoleId is none of the three guest user roles (see the note)" });

  if (tenant.guestMfaPolicy || declared?.conditionalAccess) conditionalAccess(tenant, policy, skipped);

  if (tenant.domainList) {
    if (tenant.domainList.mode !== "off" || (declared && declared.domainList !== "off")) policy(["domainList"], tenant.domainList.mode);
    if (tenant.domainList.mode === "allow") {
      const declaredDomains = new Set(input.partnerFiles.flatMap((f) => strings(f.value?.domains).map((d) => d.toLowerCase())));
      for (const d of tenant.domainList.domains.filter((x) => !declaredDomains.has(x))) {
        skipped.push({ setting: "tenantPolicy.domainList", reason: `the tenant's allow list holds ${d}, which no partner file's domains declare; the deployed list is built from them, so add it to a partner file or it leaves the list` });
      }
    }
  } else if (declared && declared.domainList !== "off") {
    skipped.push({ setting: "tenantPolicy.domainList", reason: "the tenant's domain list could not be read (see the note)" });
  }

  for (const p of tenant.partners) {
    const byId = input.partnerFiles.find((f) => strings(f.value?.tenantIds).some((t) => t.toLowerCase() === p.tenantId));
    const domain = input.tenantDomains.get(p.tenantId);
    const byDomain = byId ? undefined : domain ? input.partnerFiles.find((f) => strings(f.value?.domains).some((d) => d.toLowerCase() === domain.toLowerCase())) : undefined;
    const file = byId ?? byDomain;
    if (!file || file.text === undefined) {
      skipped.push({ setting: `partner configuration ${p.tenantId}`, reason: domain ? `no partner file declares its domain ${domain}: add tenantIds: [${p.tenantId}] to the partner's file, or create one with guestops request` : "its domain is not known (CrossTenantInformation.ReadBasic.All reads it): add tenantIds to the partner's file by hand" });
      continue;
    }
    if (byDomain) edit(file.path, file.text, ["tenantIds"], [...strings(file.value?.tenantIds), p.tenantId], "domains");
    edit(file.path, file.text, ["crossTenant"], { trustMfa: p.trustMfa, trustCompliantDevice: p.trustCompliantDevice }, "tenantIds");
  }

  const files = [...texts].filter(([, t]) => t.after !== t.before).map(([path, t]) => ({ path, ...(t.before !== undefined && { before: t.before }), after: t.after }));
  return { files, set, skipped };
}

function conditionalAccess(tenant: TenantGuardrails, policy: (path: string[], value: unknown) => void, skipped: GuardrailImport["skipped"]): void {
  const guestMfa = tenant.guestMfaPolicy?.guestMfa ?? "off";
  if (guestMfa === "off") {
    policy(["conditionalAccess", "guestMfa"], "off");
    return;
  }
  const accounts = tenant.excludeAccounts.filter((a) => ADDRESS.test(a)).map((a) => a.toLowerCase());
  for (const a of tenant.excludeAccounts.filter((x) => !ADDRESS.test(x))) skipped.push({ setting: "tenantPolicy.conditionalAccess.excludeAccounts", reason: `the excluded account ${JSON.stringify(a)} has no plain address guestops can write` });
  for (const id of tenant.unresolvedExcludes) skipped.push({ setting: "tenantPolicy.conditionalAccess.excludeAccounts", reason: `the excluded object id ${id} is no user in the tenant` });
  // excludeAccounts is required whenever guestMfa is not off: without one, the whole section waits for a person.
  if (accounts.length === 0) {
    skipped.push({ setting: "tenantPolicy.conditionalAccess", reason: "the tenant's guest MFA policy excludes no account guestops can name, and a break-glass account is required: exclude one in the tenant, or write conditionalAccess by hand" });
    return;
  }
  policy(["conditionalAccess", "guestMfa"], guestMfa);
  policy(["conditionalAccess", "excludeAccounts"], [...new Set(accounts)].sort());
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function shownValue(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}
