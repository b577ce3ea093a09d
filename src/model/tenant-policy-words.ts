// Words for the guardrails' resources in a plan: what a create writes, and what an update changes, in
// the terms people know (enforced, report-only, the guest role's name) rather than Graph's. Pure.
import { GUEST_USER_ROLE_IDS } from "./tenant-policy";

/** "allowInvitesFrom adminsAndGuestInviters, guestUserRoleId 2af8…": the settings a create writes. */
export function settingWords(inputs: Readonly<Record<string, unknown>>, keys: readonly string[]): string {
  return keys.filter((k) => inputs[k] !== undefined).map((k) => `${k} ${show(inputs[k])}`).join(", ") || "nothing set";
}

export function partnerWords(inputs: Readonly<Record<string, unknown>>): string {
  const trust = (inputs.inboundTrust ?? {}) as Record<string, unknown>;
  const trusted = [trust.isMfaAccepted === true ? "MFA" : undefined, trust.isCompliantDeviceAccepted === true ? "compliant devices" : undefined].filter(Boolean);
  const inbound = (inputs.b2bCollaborationInbound ?? undefined) as Record<string, unknown> | undefined;
  const apps = inbound && Array.isArray(inbound.applications) ? inbound.applications.length : undefined;
  return [trusted.length > 0 ? `trusts its ${trusted.join(" and ")}` : "trusts neither its MFA nor its devices", apps !== undefined ? `B2B collaboration limited to ${apps} catalog app${apps === 1 ? "" : "s"}` : undefined]
    .filter(Boolean)
    .join("; ");
}

export function caWords(inputs: Readonly<Record<string, unknown>>): string {
  const grant = (inputs.grantControls ?? {}) as Record<string, unknown>;
  const what = grant.authenticationStrengthPolicyId !== undefined ? "authentication strength required" : "MFA required";
  const terms = Array.isArray(grant.termsOfUses) && grant.termsOfUses.length > 0 ? " with terms of use" : "";
  return `${what}${terms}${inputs.state === "enabled" ? ", enforced" : ", report-only (logged, not enforced)"}`;
}

/** Words for a guardrail's values, where Graph's are not the ones people know. */
const SETTING_WORDS: Readonly<Record<string, (v: unknown) => string>> = {
  state: (v) => (v === "enabled" ? "enforced" : v === "enabledForReportingButNotEnforced" ? "report-only" : show(v)),
  guestUserRoleId: (v) => {
    const role = Object.entries(GUEST_USER_ROLE_IDS).find(([, id]) => id === v)?.[0];
    return role ? `${role} (${show(v)})` : show(v);
  },
  "b2bCollaborationInbound.applications": (v) => appCount(v),
  b2bCollaborationInbound: (v) => appCount(typeof v === "object" && v !== null ? (v as Record<string, unknown>).applications : v),
};

function appCount(v: unknown): string {
  return Array.isArray(v) ? `${v.length} catalog app${v.length === 1 ? "" : "s"}` : show(v);
}

const SETTING_NAMES: Readonly<Record<string, string>> = {
  state: "policy state",
  guestUserRoleId: "guest user role",
  "b2bCollaborationInbound.applications": "B2B collaboration inbound limited to",
  b2bCollaborationInbound: "B2B collaboration inbound limited to",
  "conditions.users.excludedUsers": "excluded accounts",
  "grantControls.builtInControls": "required controls",
  "grantControls.authenticationStrengthPolicyId": "authentication strength",
  "grantControls.termsOfUses": "terms of use",
};

/** Trust is a yes or no: said as what the tenant now does. */
const TRUST_WORDS: Readonly<Record<string, string>> = {
  "inboundTrust.isMfaAccepted": "the partner's MFA",
  "inboundTrust.isCompliantDeviceAccepted": "the partner's compliant devices",
};

/** "policy state enforced → report-only": each changed setting, before and after, in words. */
export function settingsUpdateReason(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>, diffs: readonly string[]): string {
  const at = (v: Readonly<Record<string, unknown>>, path: string): unknown => path.split(".").reduce<unknown>((o, k) => (typeof o === "object" && o !== null ? (o as Record<string, unknown>)[k] : undefined), v);
  // A block added or removed whole (inbound limited, or no longer) is one change of its leaves.
  const words = (path: string, v: unknown) => (v === undefined ? "(unmanaged)" : (SETTING_WORDS[path] ?? show)(v));
  return diffs
    .map((d) => {
      const trust = TRUST_WORDS[d];
      if (trust) return `${at(after, d) === true ? "now trusts" : "no longer trusts"} ${trust}`;
      return `${SETTING_NAMES[d] ?? d} ${words(d, at(before, d))} → ${words(d, at(after, d))}`;
    })
    .join("; ");
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
