// Rules for what an invitation carries besides the guest: its copy (cc), where it lands (redirectUrl),
// and the partner domains a file may invite from.
import { matchDomain } from "../model/address";
import { listSome, quote } from "../model/words";
import { invitationAddressProblem, lookalikeProblem } from "./addresses";
import type { Rule, RuleContext } from "./rule";
import { domainOf, isPlainMap, lower, stringList } from "./values";

/** The default landing page of Microsoft's My Apps portal, allowed unless the stack lists its own hosts. */
export const MY_APPS_HOST = "myapps.microsoft.com";

// A partner file's domains are what its reviewer approves; a consumer mail domain there would let any
// address at it be invited (policy.blockedDomains).
export const fileDomainsNotBlocked: Rule = (ctx) => {
  const blocked = lower(stringList(ctx.stack.policy?.blockedDomains));
  if (blocked.length === 0) return;
  for (const file of ctx.files) {
    stringList(file.value?.domains).forEach((d, i) => {
      const hit = matchDomain(d, blocked);
      if (hit) ctx.error(file, ["domains", i], `domain "${d}" is in ${hit}, which the stack's policy.blockedDomains refuses; a partner file lists its organisation's own domains`);
    });
  }
};

/** What a cc is checked against: the stack's policy, the partner file's domains and the guest's sponsor. */
export interface CcScope {
  internalDomains: string[];
  blockedDomains: string[];
  allowedDomains: string[];
  fileDomains: string[];
  sponsor?: string;
}

/** Why an address may not receive a copy of an invitation, or undefined when it may. */
export function ccProblem(address: string, scope: CcScope): string | undefined {
  const lookalike = lookalikeProblem(address);
  if (lookalike) return lookalike;
  const invalid = invitationAddressProblem(address);
  if (invalid) return invalid;
  const domain = domainOf(address)!;
  const internal = matchDomain(domain, scope.internalDomains);
  if (internal) {
    // The sponsor answers for the guest and may follow the onboarding; anyone else inside is not a guest.
    if (scope.sponsor !== undefined && scope.sponsor.toLowerCase() === address.toLowerCase()) return undefined;
    return `is an internal address (${internal}) but not this guest's sponsor; the copy carries the guest's redeem link, so it goes to the sponsor or to the partner's own people only`;
  }
  const blocked = matchDomain(domain, scope.blockedDomains);
  if (blocked) return `is in ${blocked}, which the stack's policy.blockedDomains refuses; a copy of the invitation goes only where a guest could be invited from`;
  if (scope.allowedDomains.length > 0 && !matchDomain(domain, scope.allowedDomains)) return `is in ${domain}, which is not in the stack's policy.allowedDomains (${listSome(scope.allowedDomains)}); a copy of the invitation goes only where a guest could be invited from`;
  if (scope.fileDomains.length > 0 && !matchDomain(domain, scope.fileDomains)) return `is in ${domain}, which is not one of this file's domains (${listSome(scope.fileDomains)}); a copy of the invitation goes to the partner's own people or the sponsor`;
  return undefined;
}

// The copy of an invitation carries its redeem link: it goes where a guest of this file could be
// invited from, or to the guest's sponsor, under the same domain policy as guests.
export const ccPassesDomainPolicy: Rule = (ctx) => {
  const policy = { internalDomains: lower(stringList(ctx.stack.internalDomains)), blockedDomains: lower(stringList(ctx.stack.policy?.blockedDomains)), allowedDomains: lower(stringList(ctx.stack.policy?.allowedDomains)) };
  for (const e of ctx.entries) {
    const inv = e.guest.invitation;
    if (!isPlainMap(inv)) continue;
    const sponsor = typeof e.guest.sponsor === "string" ? e.guest.sponsor : typeof e.file.value?.sponsor === "string" ? e.file.value.sponsor : undefined;
    const scope: CcScope = { ...policy, fileDomains: lower(stringList(e.file.value?.domains)), sponsor };
    stringList(inv.cc).forEach((cc, i) => {
      const problem = ccProblem(cc, scope);
      if (problem) ctx.error(e.file, [...e.path, "invitation", "cc", i], `invitation.cc ${quote(cc)} ${problem}`);
    });
  }
};

/** The hosts a redirectUrl may point to: the policy's list, else the stack's own default host and My Apps. */
export function allowedRedirectHosts(ctx: Pick<RuleContext, "stack">): string[] {
  const listed = lower(stringList(ctx.stack.policy?.allowedRedirectHosts));
  if (listed.length > 0) return listed;
  const own = typeof ctx.stack.invitation?.redirectUrl === "string" ? hostOf(ctx.stack.invitation.redirectUrl) : undefined;
  return [...new Set([...(own ? [own] : []), MY_APPS_HOST])];
}

/** Why a redirect URL is refused, or undefined when it is https on an allowed host. */
export function redirectProblem(url: string, hosts: readonly string[]): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL; write it like https://myapps.microsoft.com";
  }
  if (parsed.protocol !== "https:") return `uses ${parsed.protocol.replace(/:$/, "")}; guests land there with their session, so it must be https`;
  // https://myapps.microsoft.com@evil.example/ shows the trusted name and goes to evil.example.
  if (parsed.username !== "" || parsed.password !== "") return "has a user name before its host (user@host), which hides where it really goes; remove it";
  const host = parsed.hostname.toLowerCase();
  if (!hosts.includes(host)) return `points to ${host}, which is not in the stack's policy.allowedRedirectHosts (${listSome(hosts)}); use one of those, or add the host there in a reviewed change first`;
  return undefined;
}

// Guests land on the redirect URL straight after redeeming, from an email sent in the tenant's name: a
// look-alike sign-in page there is a phishing lure (policy.allowedRedirectHosts).
export const redirectUrlAllowed: Rule = (ctx) => {
  const hosts = allowedRedirectHosts(ctx);
  const own = ctx.stack.invitation?.redirectUrl;
  // The default host is allowed by construction unless the policy lists hosts; then it is checked too.
  // A URL that is not https at all is the schema's error, reported there once.
  if (ctx.stackFile && typeof own === "string" && HTTPS.test(own)) {
    const problem = redirectProblem(own, hosts);
    if (problem) ctx.error(ctx.stackFile, ["invitation", "redirectUrl"], `invitation.redirectUrl ${quote(own)} ${problem}`);
  }
  for (const e of ctx.entries) {
    const url = isPlainMap(e.guest.invitation) ? e.guest.invitation.redirectUrl : undefined;
    if (typeof url !== "string" || !HTTPS.test(url)) continue;
    const problem = redirectProblem(url, hosts);
    if (problem) ctx.error(e.file, [...e.path, "invitation", "redirectUrl"], `invitation.redirectUrl ${quote(url)} ${problem}`);
  }
};

const HTTPS = /^https:\/\//;

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

export const invitationRules: readonly Rule[] = [fileDomainsNotBlocked, ccPassesDomainPolicy, redirectUrlAllowed];
