// The one mapping from a desired state to the resources that exist. The Pulumi program registers this
// list and the plan diffs it, so the two cannot disagree. Pure: no Pulumi import here.
import { DEFAULT_APP_ROLE } from "./build-desired-state";
import type { DesiredGuest, DesiredState } from "./desired-state";

export const PROVIDER = "pulumi:providers:azuread";
export const INVITATION = "azuread:index/invitation:Invitation";
export const GROUP_MEMBER = "azuread:index/groupMember:GroupMember";
export const APP_ROLE_ASSIGNMENT = "azuread:index/appRoleAssignment:AppRoleAssignment";
export type ResourceType = typeof PROVIDER | typeof INVITATION | typeof GROUP_MEMBER | typeof APP_ROLE_ASSIGNMENT;

/** Logical name of the explicit provider that every resource uses. */
export const PROVIDER_NAME = "tenant";

/** An output of another resource in the list, e.g. an invitation's `userId`. */
export interface OutputRef {
  ref: string;
  output: string;
}

export type InputValue = string | number | boolean | OutputRef | { [key: string]: InputValue };

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

// Every Invitation input forces a replacement, and replacing an invitation deletes the guest's account.
// So after creation none of them may cause a diff: the logical name, the lowercased address, is the identity.
export const INVITATION_IGNORE_CHANGES = ["userEmailAddress", "userDisplayName", "redirectUrl", "userType", "message"];

// A replaced membership or assignment has the same group (or app) and member as the old one, and Graph
// refuses to create it while the old one exists ("already exists"): so the old one goes first. Adopting
// an invited guest, whose member id changes from the invitation's output to the objectId, does this.
const GRANT_OPTIONS: ResourceOptions = { provider: PROVIDER_NAME, deleteBeforeReplace: true };

export function isOutputRef(value: unknown): value is OutputRef {
  return typeof value === "object" && value !== null && "ref" in value && "output" in value;
}

export function resourcesFor(state: DesiredState): ResourceSpec[] {
  const resources: ResourceSpec[] = [
    { type: PROVIDER, name: PROVIDER_NAME, inputs: { tenantId: state.tenantId }, options: {} },
  ];
  const retainOnDelete = state.policy.onRemoval !== "delete";
  for (const guest of state.guests) {
    if (guest.status === "gone") continue;
    const memberId: InputValue = guest.objectId ?? { ref: guest.key, output: "userId" };
    if (!guest.objectId) {
      resources.push({
        type: INVITATION,
        name: guest.key,
        inputs: invitationInputs(guest),
        options: { provider: PROVIDER_NAME, retainOnDelete, ignoreChanges: INVITATION_IGNORE_CHANGES },
        guest: guest.key,
      });
    }
    if (guest.status !== "active") continue;
    for (const group of guest.groups) {
      const entry = state.catalog.groups[group];
      if (!entry) continue;
      resources.push({
        type: GROUP_MEMBER,
        name: `${group}/${guest.key}`,
        inputs: { groupObjectId: entry.id, memberObjectId: memberId },
        options: GRANT_OPTIONS,
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
        options: GRANT_OPTIONS,
        guest: guest.key,
      });
    }
  }
  return resources;
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
