// The plan's preflight (plan --online): the invitations this plan would send that the tenant's live
// settings refuse, before a deploy finds out. Graph checks the B2B domain list at the time of invitation
// (https://learn.microsoft.com/entra/external-id/allow-deny-list), and with allowInvitesFrom: none
// nobody may invite, app-only callers with User.Invite.All included (invitation-post: "Application
// permissions (app-only) do not work if B2B invitations are disabled on the tenant"). Pure.
import type { PlanGuest, PlanWarning } from "../plan/plan-types";
import type { TenantGuardrails } from "./parse-tenant-policy";

export const PREFLIGHT_RULES = { domain: "tenantRefusesDomain", invitations: "tenantRefusesInvitations" } as const;

export interface Preflight {
  warnings: PlanWarning[];
  /** What the preflight could not check, and why. */
  notices: string[];
}

/** `stackFile` stands for a guest the plan could not locate. */
export function buildPreflight(guests: readonly PlanGuest[], tenant: TenantGuardrails, stackFile: string): Preflight {
  const invites = guests.filter((g) => g.action === "invite");
  const warnings: PlanWarning[] = [];
  const at = (g: PlanGuest) => ({ file: g.file ?? stackFile, line: g.line ?? 1, column: g.column ?? 1 });
  const list = tenant.domainList;
  for (const g of invites) {
    if (tenant.allowInvitesFrom === "none") {
      warnings.push({ ...at(g), rule: PREFLIGHT_RULES.invitations, message: `${g.email}: the tenant's guest invite setting is "none" (authorizationPolicy allowInvitesFrom), so Graph refuses every invitation, guestops' own included; ask for it to be adminsAndGuestInviters (tenantPolicy.invitations.allowInvitesFrom, docs/guardrails.md) before deploying` });
    }
    const domain = g.email.slice(g.email.lastIndexOf("@") + 1).toLowerCase();
    if (list?.mode === "allow" && !list.domains.includes(domain)) {
      warnings.push({ ...at(g), rule: PREFLIGHT_RULES.domain, message: `${g.email}: the tenant's B2B domain list allows only ${shortList(list.domains)}, not ${domain}, so Graph refuses this invitation; add ${domain} to the list (with tenantPolicy.domainList: allow, to a partner file's domains) before deploying` });
    }
    if (list?.mode === "deny" && list.domains.includes(domain)) {
      warnings.push({ ...at(g), rule: PREFLIGHT_RULES.domain, message: `${g.email}: the tenant's B2B domain list blocks ${domain}, so Graph refuses this invitation; remove ${domain} from the list (with tenantPolicy.domainList: deny, from policy.blockedDomains) or do not invite this guest` });
    }
  }
  const notices = invites.length > 0 ? tenant.notes.map((n) => `preflight: ${n}`) : [];
  if (invites.length > 0 && tenant.allowInvitesFrom === undefined) notices.push("preflight: the tenant's guest invite setting could not be judged (see the note above)");
  return { warnings, notices };
}

function shortList(domains: readonly string[]): string {
  if (domains.length === 0) return "no domain";
  return domains.length <= 5 ? domains.join(", ") : `${domains.slice(0, 5).join(", ")} and ${domains.length - 5} more`;
}
