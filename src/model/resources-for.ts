// The one mapping from a desired state to the resources that exist. The Pulumi program registers this
// list and the plan diffs it, so the two cannot disagree. Pure: no Pulumi import here.
import { DEFAULT_APP_ROLE } from "./build-desired-state";
import type { DesiredGuest, DesiredState } from "./desired-state";
import {
  APP_ROLE_ASSIGNMENT,
  AUTHORIZATION_POLICY,
  B2B_DOMAIN_LIST,
  CONDITIONAL_ACCESS_POLICY,
  CROSS_TENANT_PARTNER,
  GROUP_MEMBER,
  GUEST_LIFECYCLE,
  INVITATION,
  PROVIDER,
  RESOURCE_TYPES,
  type ResourceType,
} from "./resource-types";
import { GUEST_USER_ROLE_IDS, type DesiredTenantPolicy } from "./tenant-policy";

export {
  APP_ROLE_ASSIGNMENT,
  AUTHORIZATION_POLICY,
  B2B_DOMAIN_LIST,
  CONDITIONAL_ACCESS_POLICY,
  CROSS_TENANT_PARTNER,
  GROUP_MEMBER,
  GUEST_LIFECYCLE,
  INVITATION,
  INVITATION_IGNORE_CHANGES,
  PROVIDER,
  type ResourceType,
} from "./resource-types";


/** Logical name of the explicit provider that every resource uses. */
export const PROVIDER_NAME = "tenant";

/** An output of another resource in the list, e.g. an invitation's `userId`. */
export interface OutputRef {
  ref: string;
  output: string;
}

export type InputValue = string | number | boolean | OutputRef | readonly string[] | readonly { [key: string]: InputValue }[] | { [key: string]: InputValue };

export interface ResourceOptions {
  /** Logical name of the provider resource. */
  provider?: string;
  retainOnDelete?: boolean;
  ignoreChanges?: string[];
  deleteBeforeReplace?: boolean;
}

export interface ResourceSpec {
  type: ResourceType;
  name: string;
  inputs: Record<string, InputValue>;
  options: ResourceOptions;
  /** Key of the guest this resource serves; absent for the provider. */
  guest?: string;
}

/** The options a type's table entry sets: its provider, ignored inputs and replacement order. */
function optionsOf(type: ResourceType, extra: ResourceOptions = {}): ResourceOptions {
  const info = RESOURCE_TYPES[type];
  return {
    ...(info.usesProvider && { provider: PROVIDER_NAME }),
    ...extra,
    ...(info.ignoreChanges && { ignoreChanges: [...info.ignoreChanges] }),
    ...(info.deleteBeforeReplace && { deleteBeforeReplace: true }),
  };
}

/** The logical name of a guest's GuestLifecycle. */
export function lifecycleName(key: string): string {
  return `lifecycle/${key}`;
}

export function isOutputRef(value: unknown): value is OutputRef {
  return typeof value === "object" && value !== null && "ref" in value && "output" in value;
}

export function resourcesFor(state: DesiredState): ResourceSpec[] {
  const resources: ResourceSpec[] = [
    { type: PROVIDER, name: PROVIDER_NAME, inputs: { tenantId: state.tenantId }, options: {} },
  ];
  // Destroying an invitation never deletes anyone: deletion is GuestLifecycle's. Only a stack deployed
  // before it (see DesiredState.invitationsDeleteAccounts) still has invitations stored without it.
  const retainOnDelete = !state.invitationsDeleteAccounts;
  const lifecycle = !state.invitationsDeleteAccounts && (state.lifecycle.manageSponsors || state.lifecycle.blockSignInOnExpiry);
  const memberOptions = optionsOf(GROUP_MEMBER);
  const assignmentOptions = optionsOf(APP_ROLE_ASSIGNMENT);
  for (const guest of state.guests) {
    if (guest.status === "gone") continue;
    const memberId: InputValue = guest.objectId ?? { ref: guest.key, output: "userId" };
    if (!guest.objectId) {
      resources.push({
        type: INVITATION,
        name: guest.key,
        inputs: invitationInputs(guest),
        options: optionsOf(INVITATION, { retainOnDelete }),
        guest: guest.key,
      });
    }
    if (lifecycle) {
      resources.push({ type: GUEST_LIFECYCLE, name: lifecycleName(guest.key), inputs: lifecycleInputs(state, guest, memberId), options: {}, guest: guest.key });
    }
    if (guest.status !== "active") continue;
    for (const group of guest.groups) {
      const entry = state.catalog.groups[group];
      if (!entry) continue;
      resources.push({
        type: GROUP_MEMBER,
        name: `${group}/${guest.key}`,
        inputs: { groupObjectId: entry.id, memberObjectId: memberId },
        options: memberOptions,
        guest: guest.key,
      });
    }
    for (const grant of guest.apps) {
      const app = state.catalog.apps[grant.app];
      if (!app) continue;
      resources.push({
        type: APP_ROLE_ASSIGNMENT,
        // Role names cannot contain "@" or "/", so the default-access name cannot collide with a role's.
        name: grant.role ? `${grant.app}/${grant.role}/${guest.key}` : `${grant.app}/${guest.key}`,
        inputs: {
          appRoleId: grant.role ? app.roles[grant.role]! : DEFAULT_APP_ROLE,
          principalObjectId: memberId,
          resourceObjectId: app.id,
        },
        options: assignmentOptions,
        guest: guest.key,
      });
    }
  }
  // The guardrails come after the guests: they name no guest resource, and a plan lists them apart.
  resources.push(...tenantPolicyResources(state, { provider: PROVIDER_NAME }));
  return resources;
}

/**
 * GuestLifecycle's inputs: the account, whether it may sign in, its sponsors (addresses: the provider
 * resolves them at deploy time, so the plan stays offline) and whether its removal deletes it. An input
 * a switch turns off is absent, and the provider leaves that part of the account alone.
 */
function lifecycleInputs(state: DesiredState, guest: DesiredGuest, userId: InputValue): Record<string, InputValue> {
  return {
    userId,
    // Which account the lifecycle may act on: the one its invitation created, or the adopted objectId.
    accountFrom: guest.objectId ? "objectId" : "invitation",
    ...(state.lifecycle.blockSignInOnExpiry && { accountEnabled: guest.status === "active" }),
    // Lower case: a sponsor's address in another case is the same person, and must not show as a change.
    ...(state.lifecycle.manageSponsors && { sponsors: guest.sponsor ? [guest.sponsor.toLowerCase()] : [] }),
    deleteOnRemoval: state.policy.onRemoval === "delete",
  };
}

function invitationInputs(guest: DesiredGuest): Record<string, InputValue> {
  const { invitation } = guest;
  const inputs: Record<string, InputValue> = {
    userEmailAddress: guest.email,
    userDisplayName: guest.displayName,
    redirectUrl: invitation.redirectUrl,
    userType: "Guest",
  };
  // The provider sends mail only when a message block is given; body and language exclude each other.
  if (invitation.sendEmail) {
    inputs.message = {
      ...(invitation.message ? { body: invitation.message } : { language: invitation.language }),
      ...(invitation.cc && { additionalRecipients: invitation.cc }),
    };
  }
  return inputs;
}

// --- The guardrails: the tenant policy of a desired state (inputs: src/model/tenant-policy.ts) ---

export const AUTHORIZATION_POLICY_NAME = "tenant/authorization-policy";
export const B2B_DOMAIN_LIST_NAME = "tenant/b2b-domain-list";
export const GUEST_MFA_NAME = "tenant/guest-mfa";

export function crossTenantPartnerName(tenantId: string): string {
  return `cross-tenant/${tenantId}`;
}

/** Every kind of guest and external user Conditional Access knows, so that no B2B user slips past the policy. */
export const GUEST_OR_EXTERNAL_USER_TYPES: readonly string[] = ["internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "otherExternalUser", "serviceProvider"];

/** azuread wants a hard-coded authentication strength as a path, not a bare id. */
export const AUTHENTICATION_STRENGTH_PREFIX = "/policies/authenticationStrengthPolicies/";

export function tenantPolicyResources(state: DesiredState, options: { provider: string }): ResourceSpec[] {
  const policy = state.tenantPolicy;
  if (!policy) return [];
  const resources: ResourceSpec[] = [];
  const authorization = authorizationInputs(policy);
  if (authorization) resources.push({ type: AUTHORIZATION_POLICY, name: AUTHORIZATION_POLICY_NAME, inputs: authorization, options: {} });

  // Service principal object ids: the provider resolves each to its appId, which cross-tenant targets name.
  const apps = [...new Set(Object.values(state.catalog.apps).map((a) => a.id))].sort();
  for (const p of policy.partners) {
    resources.push({
      type: CROSS_TENANT_PARTNER,
      name: crossTenantPartnerName(p.tenantId),
      inputs: {
        tenantId: p.tenantId,
        partner: p.partner,
        inboundTrust: { isMfaAccepted: p.trustMfa, isCompliantDeviceAccepted: p.trustCompliantDevice },
        ...(policy.limitInboundToCatalog && { b2bCollaborationInbound: { applications: apps } }),
      },
      options: {},
    });
  }

  if (policy.domainList !== "off") {
    resources.push({ type: B2B_DOMAIN_LIST, name: B2B_DOMAIN_LIST_NAME, inputs: { mode: policy.domainList, domains: policy.domainListDomains }, options: {} });
  }

  const ca = policy.conditionalAccess;
  if (ca && ca.guestMfa !== "off") {
    // With a terms of use beside MFA both are required (AND); under OR, accepting the terms alone would do.
    const grantControls: Record<string, InputValue> = {
      operator: ca.termsOfUseId ? "AND" : "OR",
      ...(ca.authenticationStrengthId ? { authenticationStrengthPolicyId: `${AUTHENTICATION_STRENGTH_PREFIX}${ca.authenticationStrengthId}` } : { builtInControls: ["mfa"] }),
      ...(ca.termsOfUseId && { termsOfUses: [ca.termsOfUseId] }),
    };
    resources.push({
      type: CONDITIONAL_ACCESS_POLICY,
      name: GUEST_MFA_NAME,
      inputs: {
        displayName: `guestops ${state.stack}: MFA for guests and external users`,
        state: ca.guestMfa === "on" ? "enabled" : "enabledForReportingButNotEnforced",
        conditions: {
          clientAppTypes: ["all"],
          applications: { includedApplications: ["All"] },
          users: {
            includedGuestsOrExternalUsers: [{ guestOrExternalUserTypes: GUEST_OR_EXTERNAL_USER_TYPES, externalTenants: [{ membershipKind: "all" }] }],
            // Addresses: the program resolves them to object ids at deploy time, so the plan stays offline.
            excludedUsers: ca.excludeAccounts,
          },
        },
        grantControls,
      },
      options: { provider: options.provider },
    });
  }
  return resources;
}

function authorizationInputs(policy: DesiredTenantPolicy): Record<string, InputValue> | undefined {
  if (!policy.allowInvitesFrom && !policy.guestAccess) return undefined;
  return {
    ...(policy.allowInvitesFrom && { allowInvitesFrom: policy.allowInvitesFrom }),
    ...(policy.guestAccess && { guestUserRoleId: GUEST_USER_ROLE_IDS[policy.guestAccess] }),
  };
}
