// Rules for the tenant's guardrails (stack `tenantPolicy`, partner files' `tenantIds` and `crossTenant`).
// A guardrail binds the whole tenant, not only guestops: a mistake here locks out administrators or
// refuses every invitation, so the rules refuse it before a plan is ever made.
import { locate } from "../load/parse-yaml";
import { matchDomain } from "../model/address";
import { deploysOf } from "../model/tenant-policy";
import { quote } from "../model/words";
import { lookalikeProblem } from "./addresses";
import type { Rule } from "./rule";
import { domainOf, isPlainMap, lower, stringList } from "./values";

const CA = ["tenantPolicy", "conditionalAccess"] as const;

// Microsoft's first rule for Conditional Access: always exclude emergency-access (break-glass) accounts,
// so that a policy that misfires cannot lock every administrator out of the tenant.
export const breakGlassExcluded: Rule = (ctx) => {
  const file = ctx.stackFile;
  const ca = ctx.stack.tenantPolicy?.conditionalAccess;
  if (!file || !isPlainMap(ca) || typeof ca.guestMfa !== "string" || ca.guestMfa === "off") return;
  if (stringList(ca.excludeAccounts).length > 0) return;
  const written = Array.isArray(ca.excludeAccounts);
  ctx.error(
    file,
    written ? [...CA, "excludeAccounts"] : [...CA, "guestMfa"],
    `tenantPolicy.conditionalAccess.guestMfa ${ca.guestMfa} needs at least one break-glass account in excludeAccounts${written ? ", which is empty" : ""}: ` +
      `a Conditional Access policy without one can lock every administrator out. Add your emergency-access accounts, e.g. "excludeAccounts: [breakglass@contoso.com]", or set guestMfa: off`,
  );
};

// Break-glass accounts are the home tenant's own; a look-alike address would exclude someone else.
export const excludedAccountsInternal: Rule = (ctx) => {
  const file = ctx.stackFile;
  const ca = ctx.stack.tenantPolicy?.conditionalAccess;
  if (!file || !isPlainMap(ca) || !Array.isArray(ca.excludeAccounts)) return;
  const internal = lower(stringList(ctx.stack.internalDomains));
  ca.excludeAccounts.forEach((account: unknown, i: number) => {
    if (typeof account !== "string") return;
    const path = [...CA, "excludeAccounts", i];
    const lookalike = lookalikeProblem(account);
    if (lookalike) return ctx.error(file, path, `excluded account ${quote(account)} ${lookalike}`);
    const domain = domainOf(account);
    if (internal.length > 0 && domain && !matchDomain(domain, internal)) {
      ctx.error(file, path, `excluded account ${quote(account)} is not an internal address; break-glass accounts must be in ${internal.join(" or ")}: use the tenant's own emergency-access accounts`);
    }
  });
};

// A domain list binds every invitation in the tenant: one that refuses a declared guest's domain would
// make guestops' own invitation fail at deploy, and every other invitation from that partner too. A deny
// list is policy.blockedDomains, whose guests the guest rules already refuse (domainNotBlocked).
export const domainListKeepsGuests: Rule = (ctx) => {
  if (ctx.stack.tenantPolicy?.domainList !== "allow") return;
  const allowed = new Set(ctx.files.flatMap((f) => lower(stringList(f.value?.domains))));
  for (const entry of ctx.entries) {
    const domain = entry.domain;
    // Graph compares the list's domains as written: a subdomain is not in the list unless it is listed.
    if (!domain || allowed.has(domain) || lookalikeProblem(entry.email ?? "")) continue;
    ctx.error(entry.file, [...entry.path, "email"], `email ${quote(entry.email!)}: tenantPolicy.domainList: allow would block ${domain} tenant-wide, because no partner file lists it in domains; add "${domain}" to the domains of ${entry.file.path}, or set domainList: off`);
  }
};

// A partner tenant is configured once: two files would write two trusts into one configuration. The
// home tenant is never its own partner (Graph refuses it, and it would say nothing about outsiders).
export const partnerTenantsUnique: Rule = (ctx) => {
  const home = typeof ctx.stack.tenantId === "string" ? ctx.stack.tenantId.toLowerCase() : undefined;
  const seen = new Map<string, { file: string; at: string; id: string }>();
  for (const file of ctx.files) {
    const ids: unknown = file.value?.tenantIds;
    if (!Array.isArray(ids)) continue;
    ids.forEach((id: unknown, i: number) => {
      if (typeof id !== "string") return;
      const key = id.toLowerCase();
      if (key === home) return ctx.error(file, ["tenantIds", i], `tenantIds ${id} is the home tenant's own tenantId; list the partner organisation's tenant ids only (its Entra overview shows them)`);
      const prior = seen.get(key);
      if (prior && prior.file !== file.path) ctx.error(file, ["tenantIds", i], `tenant id ${id} is already declared at ${prior.at}; a partner tenant belongs to one partner file: keep it in one of them`);
      // An exact repeat within one file is the schema's to report (uniqueItems); one in another case is not.
      else if (prior && prior.id !== id) ctx.error(file, ["tenantIds", i], `tenant id ${id} is listed twice in tenantIds (also as ${prior.id} at ${prior.at}); tenant ids are compared without case: remove one`);
      else if (!prior) {
        const { line, column } = locate(file.parsed, ["tenantIds", i]);
        seen.set(key, { file: file.path, at: `${file.path}:${line}:${column}`, id });
      }
    });
  }
};

// Trust is given to tenants: without tenantIds it would apply to no one, and look as if it applied.
export const crossTenantNeedsTenantIds: Rule = (ctx) => {
  for (const file of ctx.files) {
    const v = file.value;
    if (v && v.crossTenant !== undefined && !Array.isArray(v.tenantIds)) {
      ctx.error(file, ["crossTenant"], `crossTenant needs the partner's tenantIds in ${file.path}: add "tenantIds: [<the partner's tenant id>]", or remove crossTenant`, { key: true });
    }
  }
};

// Limiting inbound B2B collaboration to an empty catalog would block the partner from every app.
export const inboundLimitHasApps: Rule = (ctx) => {
  const file = ctx.stackFile;
  if (!file || ctx.stack.tenantPolicy?.crossTenant?.limitInboundToCatalog !== true) return;
  if (Object.keys(ctx.stack.apps ?? {}).length === 0) {
    ctx.error(file, ["tenantPolicy", "crossTenant", "limitInboundToCatalog"], `tenantPolicy.crossTenant.limitInboundToCatalog would allow the partners' users no app at all, since the catalog has no apps; add the apps guests use, or set it to false`);
  }
};

// What a stack deploys must be something: a stack of tenant policy alone without one deploys nothing.
export const deploysSomething: Rule = (ctx) => {
  const file = ctx.stackFile;
  if (!file || deploysOf(ctx.stack) !== "tenantPolicy" || isPlainMap(ctx.stack.tenantPolicy)) return;
  const where = typeof ctx.stack.tenant === "string" ? `the tenant file tenants/${ctx.stack.tenant}.yaml` : "this stack file";
  ctx.error(ctx.shardFile ?? file, ["deploys"], `deploys: tenantPolicy, but ${where} declares no tenantPolicy, so this stack would deploy nothing; add a tenantPolicy section there (docs/guardrails.md), or set deploys: guests`);
};

// A whole stack that declares guardrails and deploys only guests leaves them undeployed: say so, since
// nothing else would (in a sharded tenant the shard rules find the one stack that deploys them).
export const tenantPolicyDeployed: Rule = (ctx) => {
  const file = ctx.stackFile;
  if (!file || typeof ctx.stack.tenant === "string" || deploysOf(ctx.stack) !== "guests" || !isPlainMap(ctx.stack.tenantPolicy)) return;
  ctx.warn(file, ["tenantPolicy"], `tenantPolicy is not deployed: this stack says deploys: guests; set deploys: both, or move the guardrails to a stack of their own (docs/guardrails.md, "A stack of its own")`, { key: true });
};

// Partner tenant ids and trust do something only through a deployed tenantPolicy; say so rather than let them mislead.
export const partnerSettingsDeployed: Rule = (ctx) => {
  if (isPlainMap(ctx.stack.tenantPolicy) || typeof ctx.stack.tenant === "string") return;
  for (const file of ctx.files) {
    if (Array.isArray(file.value?.tenantIds)) {
      ctx.warn(file, ["tenantIds"], `tenantIds in ${file.path} have no effect: the stack declares no tenantPolicy, so no cross-tenant partner configuration is deployed; add tenantPolicy to the stack file (docs/guardrails.md), or remove them`, { key: true });
    }
  }
};

export const tenantPolicyRules: readonly Rule[] = [
  breakGlassExcluded,
  excludedAccountsInternal,
  domainListKeepsGuests,
  partnerTenantsUnique,
  crossTenantNeedsTenantIds,
  inboundLimitHasApps,
  deploysSomething,
  tenantPolicyDeployed,
  partnerSettingsDeployed,
];
