// The stack outputs: counts by status, and for every invited guest the user id and redeem URL.
import type * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { DesiredState, GuestStatus } from "../model/desired-state";

export interface InvitedGuestOutputs {
  userId: pulumi.Output<string>;
  /** Secret: anyone holding it can redeem the invitation as the guest. */
  redeemUrl: pulumi.Output<string>;
}

export interface StackOutputs {
  /** The date expiry was judged against. */
  asOf: string;
  guests: Record<GuestStatus, number>;
  /** By lowercased email; only guests with an invitation (adopted and gone guests have none). */
  invitations: Record<string, InvitedGuestOutputs>;
}

export function buildOutputs(desired: DesiredState, invitations: ReadonlyMap<string, azuread.Invitation>): StackOutputs {
  const guests: Record<GuestStatus, number> = { active: 0, expired: 0, gone: 0 };
  for (const guest of desired.guests) guests[guest.status]++;
  // Keys always contain "@" (the core drops addresses without one), so none can be "__proto__".
  const invited: Record<string, InvitedGuestOutputs> = {};
  for (const [key, invitation] of [...invitations].sort(([a], [b]) => (a < b ? -1 : 1))) {
    invited[key] = { userId: invitation.userId, redeemUrl: pulumi.secret(invitation.redeemUrl) };
  }
  return { asOf: desired.asOf, guests, invitations: invited };
}
