// Policy rules for the stack file itself: its catalog and policy.
import { matchDomain } from "../model/address";
import { isRealDate } from "../model/dates";
import { quote } from "../model/words";
import { lookalikeProblem } from "./addresses";
import type { Rule } from "./rule";
import { lower, stringList } from "./values";

// Owners approve grants, so they must be people of the home tenant.
export const ownersAreInternal: Rule = (ctx) => {
  const file = ctx.stackFile;
  const internal: string[] = Array.isArray(ctx.stack.internalDomains) ? ctx.stack.internalDomains.filter((d) => typeof d === "string") : [];
  if (!file || internal.length === 0) return;
  for (const kind of ["groups", "apps"] as const) {
    for (const [key, entry] of Object.entries(ctx.stack[kind] ?? {})) {
      const owners: unknown[] = typeof entry === "object" && Array.isArray(entry?.owners) ? entry.owners : [];
      owners.forEach((owner, i) => {
        const domain = typeof owner === "string" ? owner.slice(owner.lastIndexOf("@") + 1).toLowerCase() : "";
        if (typeof owner === "string" && owner.includes("@") && !lookalikeProblem(owner) && !matchDomain(domain, internal.map((d) => d.toLowerCase()))) {
          ctx.error(file, [kind, key, "owners", i], `owner ${quote(owner)} of ${kind === "groups" ? "group" : "app"} "${key}" is not an internal address; owners must be in ${internal.join(" or ")}`);
        }
      });
    }
  }
};

// Two catalog keys for one group or app would declare the same membership twice, and Graph refuses the second.
export const catalogIdsUnique: Rule = (ctx) => {
  const file = ctx.stackFile;
  if (!file) return;
  const seen = new Map<string, string>();
  const claim = (id: unknown, what: string, path: (string | number)[]) => {
    if (typeof id !== "string") return;
    const prior = seen.get(id.toLowerCase());
    if (prior) ctx.error(file, path, `${what} uses id ${id}, already used by ${prior}; give each group, app and role one catalog entry`);
    else seen.set(id.toLowerCase(), what);
  };
  for (const [key, g] of Object.entries(ctx.stack.groups ?? {})) claim(g?.objectId, `group "${key}"`, ["groups", key, "objectId"]);
  for (const [key, a] of Object.entries(ctx.stack.apps ?? {})) {
    claim(a?.servicePrincipalId, `app "${key}"`, ["apps", key, "servicePrincipalId"]);
    for (const [role, id] of Object.entries(a?.roles ?? {})) claim(id, `role "${role}" of app "${key}"`, ["apps", key, "roles", role]);
  }
};

// A group or app limit looser than the policy's never applies; say so rather than let it mislead.
export const catalogLimitsTighten: Rule = (ctx) => {
  const file = ctx.stackFile;
  const policyMax = ctx.stack.policy?.maxExpiryDays;
  if (!file || typeof policyMax !== "number" || !Number.isInteger(policyMax) || policyMax < 1) return;
  for (const kind of ["groups", "apps"] as const) {
    for (const [key, entry] of Object.entries(ctx.stack[kind] ?? {})) {
      const max = entry?.maxExpiryDays;
      if (typeof max === "number" && max > policyMax) {
        ctx.warn(file, [kind, key, "maxExpiryDays"], `maxExpiryDays ${max} of ${kind === "groups" ? "group" : "app"} "${key}" is looser than policy.maxExpiryDays ${policyMax}, so it has no effect; lower it or remove it`);
      }
    }
  }
};

// guestops:asOf decides who has access; a date that is not on the calendar must stop the run, not be guessed.
export const configDateIsReal: Rule = (ctx) => {
  const file = ctx.pulumiFile;
  const value = file?.value?.config?.["guestops:asOf"];
  if (file && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !isRealDate(value)) {
    ctx.error(file, ["config", "guestops:asOf"], `guestops:asOf "${value}" is not a real calendar date; fix it, or remove it so that expiry is judged on today (pulumi config rm guestops:asOf)`);
  }
};

// An internal domain makes anyone at it an acceptable sponsor and owner: a consumer mail domain there
// would let any stranger approve access (policy.blockedDomains).
export const internalDomainsNotBlocked: Rule = (ctx) => {
  const file = ctx.stackFile;
  const blocked = lower(stringList(ctx.stack.policy?.blockedDomains));
  if (!file || blocked.length === 0) return;
  stringList(ctx.stack.internalDomains).forEach((d, i) => {
    const hit = matchDomain(d, blocked);
    if (hit) ctx.error(file, ["internalDomains", i], `internal domain "${d}" is in ${hit}, which policy.blockedDomains refuses; internal domains are the home tenant's own, never a consumer mail service`);
  });
};

// Deletion is GuestLifecycle's, of an account whose sign-in it blocked; a stack that deletes without
// stating it is one deployed before GuestLifecycle, whose invitations still delete accounts (docs/lifecycle.md).
export const deletionStatesLifecycle: Rule = (ctx) => {
  const file = ctx.stackFile;
  if (!file || ctx.stack.policy?.onRemoval !== "delete" || ctx.stack.lifecycle?.blockSignInOnExpiry === true) return;
  const stated = ctx.stack.lifecycle?.blockSignInOnExpiry === false;
  ctx.error(
    file,
    stated ? ["lifecycle", "blockSignInOnExpiry"] : ["policy", "onRemoval"],
    `policy.onRemoval: delete needs lifecycle.blockSignInOnExpiry: true in the stack file${stated ? ", not false" : ""}: accounts are deleted only by GuestLifecycle, after it blocked their sign-in and the grace period passed. ` +
      `Add "lifecycle: { blockSignInOnExpiry: true }" (see docs/lifecycle.md, "Moving a stack deployed with onRemoval: delete"), or set policy.onRemoval: retain`,
  );
};

export const stackRules: readonly Rule[] = [ownersAreInternal, internalDomainsNotBlocked, catalogIdsUnique, catalogLimitsTighten, configDateIsReal, deletionStatesLifecycle];
