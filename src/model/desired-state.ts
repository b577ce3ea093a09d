// The desired state: pure data, computed from a stack and its guest files as of one date.
// Everything downstream (the Pulumi program, plans, audits) starts from this.
import type { DesiredTenantPolicy } from "./tenant-policy";

export type GuestStatus =
  /** Has access. */
  | "active"
  /** Past `expires`: no access, account kept until the grace period ends. */
  | "expired"
  /** Past the grace period: no resources at all. */
  | "gone";

export interface InvitationSettings {
  redirectUrl: string;
  sendEmail: boolean;
  language: string;
  message?: string;
  cc?: string;
}

/** The invitation settings an entry sets itself, over the stack's defaults. */
export interface InvitationOverrides {
  redirectUrl?: string;
  message?: string;
  language?: string;
  cc?: string;
  sendEmail?: boolean;
}

export interface AppRoleGrant {
  app: string;
  /** Role name from the catalog; undefined means default access. */
  role?: string;
}

export interface DesiredGuest {
  /** The lower-cased address: the guest's identity and the root of every resource name. */
  key: string;
  /** The address as written. */
  email: string;
  displayName: string;
  partner: string;
  /** Where it is declared, for messages; never used to name anything. */
  file: string;
  sponsor?: string;
  expires: string;
  justification: string;
  reviewed?: string;
  /** Set for an existing account that is adopted rather than invited. */
  objectId?: string;
  invitation: InvitationSettings;
  /** What the entry overrides of the stack's invitation defaults; absent when nothing. */
  overrides?: InvitationOverrides;
  /** Catalog group keys, sorted. */
  groups: string[];
  /** Sorted by app, then role. */
  apps: AppRoleGrant[];
  status: GuestStatus;
}

export interface CatalogEntry {
  id: string;
  displayName: string;
  owners: string[];
}

export interface DesiredCatalog {
  groups: Record<string, CatalogEntry>;
  apps: Record<string, CatalogEntry & { roles: Record<string, string> }>;
}

export interface DesiredPolicy {
  onRemoval: "retain" | "delete";
  maxRemovalShare: number;
  /** Access a change ends within this many days counts toward maxRemovalShare at plan time. */
  removalHorizonDays: number;
  expiredGraceDays: number;
}

/** What GuestLifecycle manages in the tenant (stack `lifecycle`); both off, it is not registered. */
export interface DesiredLifecycle {
  /** Record each guest's sponsor in Entra. */
  manageSponsors: boolean;
  /** Block sign-in (accountEnabled false) once a guest expires. */
  blockSignInOnExpiry: boolean;
}

export interface DesiredState {
  stack: string;
  tenantId: string;
  asOf: string;
  policy: DesiredPolicy;
  lifecycle: DesiredLifecycle;
  /**
   * A stack under onRemoval: delete that does not state `lifecycle.blockSignInOnExpiry: true`: the way
   * stacks were deployed before GuestLifecycle, with invitations stored as retainOnDelete false, so that
   * destroying one deletes the account. Validation refuses it in a head; a base may still be one.
   */
  invitationsDeleteAccounts: boolean;
  catalog: DesiredCatalog;
  /** Sorted by key; empty in a stack that deploys only tenant policy (`deploys: tenantPolicy`). */
  guests: DesiredGuest[];
  /** The tenant's guardrails; present only when the stack declares tenantPolicy and deploys it. */
  tenantPolicy?: DesiredTenantPolicy;
}
