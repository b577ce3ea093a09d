// What guestops knows about each resource type, in one table: which inputs force a replacement, which
// are ignored after creation, whether a delete can remove a person's account, how the type updates, and
// the words for people. resourcesFor, the resource diff, the guards and the program read this table;
// nothing else knows a type. Pure: no Pulumi import here.
import { GUEST_USER_ROLE_IDS } from "./tenant-policy";

export const PROVIDER = "pulumi:providers:azuread";
export const INVITATION = "azuread:index/invitation:Invitation";
export const GROUP_MEMBER = "azuread:index/groupMember:GroupMember";
export const APP_ROLE_ASSIGNMENT = "azuread:index/appRoleAssignment:AppRoleAssignment";
/** Pulumi's token for a nodejs dynamic resource of module "guestops", type "GuestLifecycle". */
export const GUEST_LIFECYCLE = "pulumi-nodejs:dynamic/guestops:GuestLifecycle";
/** The tenant's guardrails (src/model/tenant-policy.ts has the contract: names and inputs). */
export const AUTHORIZATION_POLICY = "pulumi-nodejs:dynamic/guestops:AuthorizationPolicy";
export const CROSS_TENANT_PARTNER = "pulumi-nodejs:dynamic/guestops:CrossTenantPartner";
export const B2B_DOMAIN_LIST = "pulumi-nodejs:dynamic/guestops:B2BDomainList";
export const CONDITIONAL_ACCESS_POLICY = "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy";
export type ResourceType =
  | typeof PROVIDER
  | typeof INVITATION
  | typeof GROUP_MEMBER
  | typeof APP_ROLE_ASSIGNMENT
  | typeof GUEST_LIFECYCLE
  | typeof AUTHORIZATION_POLICY
  | typeof CROSS_TENANT_PARTNER
  | typeof B2B_DOMAIN_LIST
  | typeof CONDITIONAL_ACCESS_POLICY;

/** The guardrails' types, in plan order: settings of the tenant, never a person's access. */
export const TENANT_POLICY_TYPES: readonly ResourceType[] = [AUTHORIZATION_POLICY, CROSS_TENANT_PARTNER, B2B_DOMAIN_LIST, CONDITIONAL_ACCESS_POLICY];

/** The inputs and options a delete is judged by: Pulumi deletes with what the last deploy stored. */
export interface StoredSpec {
  inputs: Readonly<Record<string, unknown>>;
  options: { retainOnDelete?: boolean };
}

export interface ResourceTypeInfo {
  /** "GroupMember", for people. */
  label: string;
  /** Where the type sorts in a plan. */
  order: number;
  /** Inputs whose change replaces the resource: "every" when the type has no update at all. */
  replacedBy: "every" | readonly string[];
  /** Inputs Pulumi is told to ignore after creation (ignoreChanges). */
  ignoreChanges?: readonly string[];
  /** A replacement deletes the old resource first (Graph refuses a duplicate). */
  deleteBeforeReplace?: boolean;
  /** Uses the explicit azuread provider; dynamic resources have their own. */
  usesProvider: boolean;
  /** A membership or assignment: counted by the mass-removal guard. */
  grant: boolean;
  /** Stands for a person's account: its deletes and replacements say whether the account is kept. */
  holdsAccount: boolean;
  /** Whether destroying this resource, as stored, deletes the guest's account. */
  deletesAccount(stored: StoredSpec): boolean;
  createReason(inputs: Readonly<Record<string, unknown>>): string;
  deleteReason(stored: StoredSpec): string;
  /** Words for an in-place update; without it, "<inputs> changed". */
  updateReason?(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>, diffs: readonly string[]): string;
}

// Every Invitation input forces a replacement, and replacing an invitation deletes the guest's account.
// So after creation none of them may cause a diff: the logical name, the lowercased address, is the identity.
export const INVITATION_IGNORE_CHANGES = ["userEmailAddress", "userDisplayName", "redirectUrl", "userType", "message"];

/** GuestLifecycle deletes an account only under onRemoval: delete, and only one that had expired (blocked). */
export function lifecycleDeletesAccount(inputs: { readonly deleteOnRemoval?: unknown; readonly accountEnabled?: unknown }): boolean {
  return inputs.deleteOnRemoval === true && inputs.accountEnabled === false;
}

const never = () => false;

export const RESOURCE_TYPES: Readonly<Record<ResourceType, ResourceTypeInfo>> = {
  // A provider pointed at another tenant manages other objects: Pulumi replaces it and all it manages.
  [PROVIDER]: {
    label: "Provider",
    holdsAccount: false,
    order: 0,
    replacedBy: ["tenantId"],
    usesProvider: false,
    grant: false,
    deletesAccount: never,
    createReason: (inputs) => `new provider for tenant ${show(inputs.tenantId)}`,
    deleteReason: () => "provider removed",
  },
  // terraform-provider-azuread: every Invitation input is ForceNew, and destroying one deletes the user,
  // so invitations are always retained; only stacks deployed before GuestLifecycle still hold invitations
  // stored with retainOnDelete false.
  [INVITATION]: {
    label: "Invitation",
    holdsAccount: true,
    order: 1,
    replacedBy: "every",
    ignoreChanges: INVITATION_IGNORE_CHANGES,
    usesProvider: true,
    grant: false,
    deletesAccount: (stored) => stored.options.retainOnDelete !== true,
    createReason: (inputs) => (inputs.message !== undefined ? "new invitation; Entra emails the guest" : "new invitation; no email is sent (hand over the redeem URL)"),
    deleteReason: (stored) =>
      stored.options.retainOnDelete === true
        ? "invitation dropped from the stack; the account is kept (retainOnDelete)"
        : "invitation destroyed: this DELETES the guest's account (retainOnDelete was off at the last deploy)",
  },
  // Every GroupMember and AppRoleAssignment input is ForceNew too. A replaced one has the same group (or
  // app) and member as the old one, and Graph refuses to create it while the old one exists.
  [GROUP_MEMBER]: {
    label: "GroupMember",
    holdsAccount: false,
    order: 2,
    replacedBy: "every",
    deleteBeforeReplace: true,
    usesProvider: true,
    grant: true,
    deletesAccount: never,
    createReason: () => "new group membership",
    deleteReason: () => "group membership removed",
  },
  [APP_ROLE_ASSIGNMENT]: {
    label: "AppRoleAssignment",
    holdsAccount: false,
    order: 3,
    replacedBy: "every",
    deleteBeforeReplace: true,
    usesProvider: true,
    grant: true,
    deletesAccount: never,
    createReason: () => "new app role assignment",
    deleteReason: () => "app role assignment removed",
  },
  // guestops' own dynamic resource: every input updates in place, and its delete is the one place an
  // account may be deleted (src/pulumi/guest-lifecycle-provider.ts).
  [GUEST_LIFECYCLE]: {
    label: "GuestLifecycle",
    holdsAccount: true,
    order: 4,
    replacedBy: [],
    usesProvider: false,
    grant: false,
    deletesAccount: (stored) => lifecycleDeletesAccount(stored.inputs),
    createReason: (inputs) => {
      const parts = [inputs.accountEnabled === false ? "block sign-in" : undefined, Array.isArray(inputs.sponsors) ? "record sponsors" : undefined].filter(Boolean);
      return `lifecycle managed in the tenant${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`;
    },
    deleteReason: (stored) =>
      lifecycleDeletesAccount(stored.inputs)
        ? "account deleted (restorable for 30 days): past the grace period under policy.onRemoval: delete"
        : stored.inputs.accountEnabled === false
          ? "lifecycle dropped; the account is kept, with sign-in blocked"
          : "lifecycle dropped; the account is kept as it is",
    updateReason: lifecycleUpdateReason,
  },
  // The guardrails: tenant settings, not people. The dynamic ones keep the value they read before their
  // first write and write it back on delete, so that dropping a setting never deletes a tenant default.
  [AUTHORIZATION_POLICY]: {
    label: "AuthorizationPolicy",
    holdsAccount: false,
    order: 5,
    replacedBy: [],
    usesProvider: false,
    grant: false,
    deletesAccount: never,
    createReason: (inputs) => `tenant setting managed: ${settingWords(inputs, ["allowInvitesFrom", "guestUserRoleId"])}`,
    deleteReason: () => "no longer managed: restores the values the tenant had before guestops first wrote them",
    updateReason: settingsUpdateReason,
  },
  // A partner's configuration is identified by its tenant id; another id is another partner.
  [CROSS_TENANT_PARTNER]: {
    label: "CrossTenantPartner",
    holdsAccount: false,
    order: 6,
    replacedBy: ["tenantId"],
    usesProvider: false,
    grant: false,
    deletesAccount: never,
    createReason: (inputs) => `cross-tenant partner ${show(inputs.partner)} (${show(inputs.tenantId)}): ${partnerWords(inputs)}`,
    deleteReason: (stored) =>
      `partner ${show(stored.inputs.partner)} (${show(stored.inputs.tenantId)}) dropped: its configuration is removed, or restored to the one read before the first write; the tenant's default cross-tenant policy is untouched`,
    updateReason: settingsUpdateReason,
  },
  [B2B_DOMAIN_LIST]: {
    label: "B2BDomainList",
    holdsAccount: false,
    order: 7,
    replacedBy: [],
    usesProvider: false,
    grant: false,
    deletesAccount: never,
    createReason: (inputs) => {
      const n = Array.isArray(inputs.domains) ? inputs.domains.length : 0;
      return inputs.mode === "allow"
        ? `B2B domain list managed (beta in Graph): only ${n} domain${n === 1 ? "" : "s"} may be invited, tenant-wide`
        : `B2B domain list managed (beta in Graph): ${n} domain${n === 1 ? "" : "s"} may never be invited, tenant-wide`;
    },
    deleteReason: () => "no longer managed (domainList off): restores the list the tenant had before guestops first wrote it",
    updateReason: settingsUpdateReason,
  },
  // azuread updates a Conditional Access policy in place; guestops created it, so its delete is its own.
  [CONDITIONAL_ACCESS_POLICY]: {
    label: "ConditionalAccessPolicy",
    holdsAccount: false,
    order: 8,
    replacedBy: [],
    usesProvider: true,
    grant: false,
    deletesAccount: never,
    createReason: (inputs) => `Conditional Access for guests and external users: ${caWords(inputs)}`,
    deleteReason: () => "guestops' Conditional Access policy for guests deleted (guestMfa off): guests are no longer asked for MFA by it",
    updateReason: settingsUpdateReason,
  },
};

/** "allowInvitesFrom adminsAndGuestInviters, guestUserRoleId 2af8…": the settings a create writes. */
function settingWords(inputs: Readonly<Record<string, unknown>>, keys: readonly string[]): string {
  return keys.filter((k) => inputs[k] !== undefined).map((k) => `${k} ${show(inputs[k])}`).join(", ") || "nothing set";
}

function partnerWords(inputs: Readonly<Record<string, unknown>>): string {
  const trust = (inputs.inboundTrust ?? {}) as Record<string, unknown>;
  const trusted = [trust.isMfaAccepted === true ? "MFA" : undefined, trust.isCompliantDeviceAccepted === true ? "compliant devices" : undefined].filter(Boolean);
  const inbound = (inputs.b2bCollaborationInbound ?? undefined) as Record<string, unknown> | undefined;
  const apps = inbound && Array.isArray(inbound.applications) ? inbound.applications.length : undefined;
  return [trusted.length > 0 ? `trusts its ${trusted.join(" and ")}` : "trusts neither its MFA nor its devices", apps !== undefined ? `B2B collaboration limited to ${apps} catalog app${apps === 1 ? "" : "s"}` : undefined]
    .filter(Boolean)
    .join("; ");
}

function caWords(inputs: Readonly<Record<string, unknown>>): string {
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

/** "block sign-in", "sponsor changed (a → b)": what a GuestLifecycle update does to the account. */
export function lifecycleUpdateReason(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>, diffs: readonly string[]): string {
  const words: string[] = [];
  for (const input of new Set(diffs.map((d) => d.split(".")[0]!))) {
    const [b, a] = [before[input], after[input]];
    if (input === "accountEnabled") {
      if (a === false) words.push("block sign-in");
      else if (a === true) words.push(b === false ? "allow sign-in again" : "sign-in now managed (allowed)");
      else words.push("sign-in no longer managed (lifecycle.blockSignInOnExpiry off)");
    } else if (input === "sponsors") {
      const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.join(", ") : "(none)");
      words.push(a === undefined ? "sponsors no longer managed (lifecycle.manageSponsors off)" : `sponsor changed (${b === undefined ? "unmanaged" : list(b)} → ${list(a)})`);
    } else if (input === "deleteOnRemoval") {
      words.push(a === true ? "account to be deleted once past the grace period (policy.onRemoval: delete)" : "account kept on removal (policy.onRemoval: retain)");
    } else if (input === "accountFrom") {
      // A new userId already says which account; alone, the source of the same account changed.
      if (!diffs.some((d) => d.split(".")[0] === "userId")) words.push(a === "objectId" ? "account now adopted by objectId" : "account now the invitation's");
    } else if (input === "userId") {
      words.push(typeof a === "string" ? `now manages account ${a}` : "now manages the invitation's account");
    } else words.push(`${input} changed`);
  }
  return words.join("; ");
}

/** The table's entry for a type; an unknown token (a bug) gets a neutral one rather than a crash. */
export function typeInfo(type: string): ResourceTypeInfo {
  return Object.hasOwn(RESOURCE_TYPES, type) ? RESOURCE_TYPES[type as ResourceType] : { ...RESOURCE_TYPES[PROVIDER], label: type, order: 99, createReason: () => "new resource", deleteReason: () => "resource removed" };
}

export function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
