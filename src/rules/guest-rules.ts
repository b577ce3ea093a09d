// Policy rules for guest entries. Each one-line comment says which policy or Graph limit it keeps.
import { addDays, daysBetween, isRealDate } from "../model/dates";
import { locate } from "../load/parse-yaml";
import type { LoadedFile } from "../load/load-repo";
import { suggester, type Suggester } from "../model/closest";
import { matchDomain } from "../model/address";
import { invitationAddressProblem, lookalikeProblem } from "./addresses";
import { count, listSome, quote } from "../model/words";
import { alreadyExpired, expiringSoon, newEntryNotExpired, reviewedNotInFuture, reviewOverdue } from "./expiry-rules";
import { catalogEntry, expiryLimits } from "./expiry-limits";
import { placeKey, type GuestEntry, type Rule } from "./rule";
import { isPlainMap, lower, stringList } from "./values";

/** Other places named in one message: a long list helps no one find the line to fix. */
const MAX_PLACES = 3;

// The invitation API refuses `+` and other characters, and dots or dashes at the ends of the local part.
export const invitableAddresses: Rule = (ctx) => {
  for (const e of ctx.entries) {
    if (e.email === undefined || !e.email.includes("@") || lookalikeProblem(e.email)) continue;
    const problem = invitationAddressProblem(e.email);
    if (problem) ctx.error(e.file, [...e.path, "email"], `email ${quote(e.email!)} ${problem}`);
  }
};

// Non-ASCII or mixed-script addresses can impersonate a partner in review (homoglyphs, invisible characters).
export const asciiAddresses: Rule = (ctx) => {
  for (const e of ctx.entries) {
    if (e.email === undefined) continue;
    const problem = lookalikeProblem(e.email);
    if (problem) ctx.error(e.file, [...e.path, "email"], `email ${quote(e.email)} ${problem}`);
  }
};

// One address is one person and one set of resources; Entra compares addresses without case.
// Reported where a change adds the address, so the annotation lands in the pull request's diff: at
// every occurrence in validate, at those the base does not have in a plan.
export const uniqueEmails: Rule = (ctx) => {
  const byAddress = new Map<string, GuestEntry[]>();
  for (const e of ctx.entries) {
    if (e.email === undefined) continue;
    const key = e.email.toLowerCase();
    const group = byAddress.get(key);
    if (group) group.push(e);
    else byAddress.set(key, [e]);
  }
  for (const group of byAddress.values()) {
    if (group.length < 2) continue;
    const added = ctx.base ? group.filter((e) => !ctx.base!.placed.has(placeKey(e.file.path, e.email!, e.guest))) : group;
    for (const e of added.length > 0 ? added : group) {
      const others = group.filter((o) => o !== e);
      const where = others.slice(0, MAX_PLACES).map((o) => `${o.file.path}:${lineOf(o)} (${quote(o.email!)})`).join(", ");
      const more = others.length > MAX_PLACES ? ` and ${others.length - MAX_PLACES} more` : "";
      ctx.error(e.file, [...e.path, "email"], `email ${quote(e.email!)} is also declared at ${where}${more}; keep one entry per guest and merge their access`);
    }
  }
};

// A partner file may only invite its own domains: a reviewer approves the partner, not every address.
export const domainInFileDomains: Rule = (ctx) => {
  for (const e of ctx.entries) {
    const domains = stringList(e.file.value?.domains);
    if (!e.domain || domains.length === 0 || lookalikeProblem(e.email!)) continue;
    if (!matchDomain(e.domain, lower(domains))) {
      ctx.error(e.file, [...e.path, "email"], `email ${quote(e.email!)} is in ${e.domain}, which is not one of this file's domains (${listSome(domains)}); add the domain to "domains" or move the guest to its partner's file`);
    }
  }
};

// Internal people are members, not guests: inviting a member's address fails and would confuse ownership.
export const domainNotInternal: Rule = (ctx) => {
  const internal = lower(stringList(ctx.stack.internalDomains));
  for (const file of ctx.files) {
    stringList(file.value?.domains).forEach((d, i) => {
      const hit = matchDomain(d, internal);
      if (hit) ctx.error(file, ["domains", i], `domain "${d}" is internal (${hit}); guest files may only list partner domains`);
    });
  }
  for (const e of ctx.entries) {
    const hit = e.domain && matchDomain(e.domain, internal);
    if (hit) ctx.error(e.file, [...e.path, "email"], `email ${quote(e.email!)} is an internal address (${hit}); internal people are members of the tenant, not guests`);
  }
};

// Consumer mail domains are not partner organisations (policy.blockedDomains).
export const domainNotBlocked: Rule = (ctx) => {
  const blocked = lower(stringList(ctx.stack.policy?.blockedDomains));
  for (const e of ctx.entries) {
    const hit = e.domain && matchDomain(e.domain, blocked);
    if (hit) ctx.error(e.file, [...e.path, "email"], `email ${quote(e.email!)} is in ${hit}, which the stack's policy.blockedDomains refuses; ask for the guest's work address`);
  }
};

// Some tenants invite only from a short list of partner domains (policy.allowedDomains).
export const domainAllowed: Rule = (ctx) => {
  const allowed = lower(stringList(ctx.stack.policy?.allowedDomains));
  if (allowed.length === 0) return;
  for (const e of ctx.entries) {
    if (e.domain && !matchDomain(e.domain, allowed) && !lookalikeProblem(e.email!)) {
      ctx.error(e.file, [...e.path, "email"], `email ${quote(e.email!)} is in ${e.domain}, which is not in the stack's policy.allowedDomains (${listSome(allowed)}); add the domain there in a reviewed change first`);
    }
  }
};

// A sponsor answers for the guest, so must be someone of the home tenant.
export const sponsorIsInternal: Rule = (ctx) => {
  const internal = lower(stringList(ctx.stack.internalDomains));
  if (internal.length === 0) return;
  const check = (file: LoadedFile<unknown>, path: (string | number)[], sponsor: unknown) => {
    // A look-alike is asciiPeople's error; its domain is no evidence either way.
    if (typeof sponsor !== "string" || !sponsor.includes("@") || lookalikeProblem(sponsor)) return;
    if (!matchDomain(sponsor.slice(sponsor.lastIndexOf("@") + 1), internal)) {
      ctx.error(file, path, `sponsor ${quote(sponsor)} is not an internal address; sponsors must be in ${internal.join(" or ")}`);
    }
  };
  for (const file of ctx.files) check(file, ["sponsor"], file.value?.sponsor);
  for (const e of ctx.entries) check(e.file, [...e.path, "sponsor"], e.guest.sponsor);
};

// Dates must exist on the calendar: 2027-02-30 passes a pattern but not Entra or an auditor.
export const realDates: Rule = (ctx) => {
  for (const e of ctx.entries) {
    for (const field of ["expires", "reviewed"] as const) {
      const value = e.guest[field];
      if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !isRealDate(value)) {
        ctx.error(e.file, [...e.path, field], `${field} "${value}" is not a real calendar date; check the month and day`);
      }
    }
  }
};

// Access is time-boxed by policy.maxExpiryDays, and more tightly by a group's or app's own limit.
export const expiryWithinPolicy: Rule = (ctx) => {
  for (const e of ctx.entries) {
    if (!isRealDate(e.guest.expires)) continue;
    const ahead = daysBetween(ctx.asOf, e.guest.expires);
    const tightest = expiryLimits(ctx.stack, e.guest.groups, e.guest.apps)[0];
    if (tightest && ahead > tightest[0]) {
      ctx.error(e.file, [...e.path, "expires"], `expires "${e.guest.expires}" is ${count(ahead, "day")} after ${ctx.asOf}; ${tightest[1]} allows at most ${count(tightest[0], "day")}, so use a date on or before ${addDays(ctx.asOf, tightest[0])}`);
    }
  }
};

// Every grant must name a group, app and role from the stack's catalog: nothing else is approved.
// A catalog the stack file fails to declare is reported there once, not again at every reference.
// Lookups are by set and suggestions are bounded, so a huge catalog with many typos still takes seconds.
export const catalogReferences: Rule = (ctx) => {
  const checkGroups = isPlainMap(ctx.stack.groups);
  const checkApps = isPlainMap(ctx.stack.apps);
  const groups = checkGroups ? Object.keys(ctx.stack.groups!) : [];
  const apps = checkApps ? Object.keys(ctx.stack.apps!) : [];
  const groupSet = new Set(groups);
  const groupHints = suggester(groups);
  const appHints = suggester(apps);
  const roleHints = new Map<string, { roles: string[]; set: Set<string>; hints: Suggester }>();
  for (const e of ctx.entries) {
    if (checkGroups) {
      stringList(e.guest.groups).forEach((g, i) => {
        if (!groupSet.has(g)) ctx.error(e.file, [...e.path, "groups", i], `group ${quote(g)} is not in the stack's catalog; ${suggest(g, groups, groupHints)}`);
      });
    }
    if (!checkApps) continue;
    objectList(e.guest.apps).forEach((grant, i) => {
      if (typeof grant.app !== "string") return;
      const app = catalogEntry(ctx.stack.apps, grant.app);
      if (!app) {
        ctx.error(e.file, [...e.path, "apps", i, "app"], `app ${quote(grant.app)} is not in the stack's catalog; ${suggest(grant.app, apps, appHints)}`);
        return;
      }
      let known = roleHints.get(grant.app);
      if (!known) {
        const roles = isPlainMap(app.roles) ? Object.keys(app.roles) : [];
        roleHints.set(grant.app, (known = { roles, set: new Set(roles), hints: suggester(roles) }));
      }
      if (typeof grant.role === "string" && !known.set.has(grant.role)) {
        const guess = known.hints.suggest(grant.role);
        const fix = guess ? `did you mean "${guess}"? Or` : known.roles.length > 0 ? `its roles are ${listSome(known.roles)}; or` : "it has no roles in the catalog;";
        ctx.error(e.file, [...e.path, "apps", i, "role"], `role ${quote(grant.role)} is not a role of app "${grant.app}"; ${fix} omit role for default access`);
      }
    });
  }
};

// Groups marked allowGuests: false hold internal-only data; their owners have said no to guests.
export const groupAllowsGuests: Rule = (ctx) => {
  for (const e of ctx.entries) {
    stringList(e.guest.groups).forEach((g, i) => {
      const group = catalogEntry(ctx.stack.groups, g);
      if (group?.allowGuests === false) {
        const owners = stringList(group.owners);
        ctx.error(e.file, [...e.path, "groups", i], `group "${g}" does not allow guests (allowGuests: false in the stack's catalog); remove it from this guest${owners.length > 0 ? `, or ask its owners (${listSome(owners)}) for another group` : ""}`);
      }
    });
  }
};

// Each adopted account is one person: two entries with one objectId would fight over its memberships.
export const uniqueObjectIds: Rule = (ctx) => {
  const seen = new Map<string, GuestEntry>();
  for (const e of ctx.entries) {
    const id = e.guest.objectId;
    if (typeof id !== "string") continue;
    const prior = seen.get(id.toLowerCase());
    if (prior) ctx.error(e.file, [...e.path, "objectId"], `objectId ${id} is already used by ${quote(prior.email!)} at ${prior.file.path}:${lineOf(prior)}; one account belongs to one entry`);
    else seen.set(id.toLowerCase(), e);
  }
};

// The provider sends either a custom body or the default message in a language, never both.
export const messageOrLanguage: Rule = (ctx) => {
  for (const e of ctx.entries) {
    const inv = e.guest.invitation;
    if (inv && typeof inv.message === "string" && typeof inv.language === "string") {
      ctx.warn(e.file, [...e.path, "invitation", "language"], `invitation.language is ignored when invitation.message is set: a custom message is sent as written; remove one of them`);
    }
  }
};

export const guestRules: readonly Rule[] = [
  invitableAddresses,
  asciiAddresses,
  uniqueEmails,
  domainInFileDomains,
  domainNotInternal,
  domainNotBlocked,
  domainAllowed,
  sponsorIsInternal,
  realDates,
  expiryWithinPolicy,
  catalogReferences,
  groupAllowsGuests,
  uniqueObjectIds,
  messageOrLanguage,
  expiringSoon,
  newEntryNotExpired,
  alreadyExpired,
  reviewOverdue,
  reviewedNotInFuture,
];

/** The catalog entry under `key`, never an inherited property such as "constructor". */
function objectList(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null) : [];
}

function suggest(word: string, candidates: readonly string[], hints: Suggester): string {
  const guess = hints.suggest(word);
  if (guess) return `did you mean "${guess}"?`;
  return candidates.length > 0 ? `known keys: ${listSome(candidates)}` : "the catalog is empty";
}

/** "line:column" of an entry's email, for messages that name a second place. */
function lineOf(e: GuestEntry): string {
  const { line, column } = locate(e.file.parsed, [...e.path, "email"]);
  return `${line}:${column}`;
}
