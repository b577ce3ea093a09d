// Generated from the JSON Schema by `npm run gen:types`. Do not edit.

/**
 * A DNS domain in lower case, such as fabrikam.com.
 */
export type Domain = string
/**
 * Default sponsor for every guest in this file: an internal address of the home tenant who answers for the guests' access.
 */
export type Email = string
export type Uuid = string
/**
 * The guest's own work address. It is the guest's identity: changing it means a different person.
 */
export type Email1 = string
/**
 * Internal address of the person who answers for this guest. Required unless the file has a sponsor.
 */
export type Email2 = string
/**
 * Last day of access, YYYY-MM-DD. After it, access is removed; the account is kept for the stack's grace period.
 */
export type IsoDate = string
/**
 * Object id of a guest who already exists in the tenant. Such a guest is adopted, never invited.
 */
export type Uuid1 = string
/**
 * An email address. Compared without regard to case; the spelling is kept.
 */
export type Email3 = string
/**
 * Date of the last access review of this entry, YYYY-MM-DD.
 */
export type IsoDate1 = string

/**
 * B2B guests from one partner organisation, declared for guestops. One file per partner is usual; `guestops validate` checks this file against the stack's policy and catalog.
 */
export interface GuestFile {
/**
 * The partner organisation's name, shown in plans and reports.
 */
partner: string
/**
 * Email domains that this file may invite. Every guest's address must be in one of them.
 * 
 * @minItems 1
 */
domains: [Domain, ...(Domain)[]]
sponsor?: Email
/**
 * The partner organisation's Entra tenant ids (its directory ids; one organisation may have several). With the stack's tenantPolicy deployed, each gets a cross-tenant access partner configuration: inbound trust from crossTenant and, under tenantPolicy.crossTenant.limitInboundToCatalog, B2B collaboration limited to the catalog's apps. A tenant id belongs to one partner file, and is never the home tenant's. Removing one removes its partner configuration, never the tenant's default policy.
 * 
 * @minItems 1
 */
tenantIds?: [Uuid, ...(Uuid)[]]
crossTenant?: PartnerCrossTenant
/**
 * The guests. Each is keyed by its email address, compared without regard to case.
 */
guests: Guest[]
}
/**
 * Inbound trust of this partner's tenants (tenantIds, which it needs). Trusting means Entra accepts the partner's own MFA or device compliance instead of asking again; it is a policy change that loosens, approved by a stack owner.
 */
export interface PartnerCrossTenant {
/**
 * Accept MFA done in the partner's tenant (inboundTrust isMfaAccepted), so that Conditional Access does not ask its guests for MFA again. Default false.
 */
trustMfa?: boolean
/**
 * Accept the partner's compliant-device claims (inboundTrust isCompliantDeviceAccepted). Default false.
 */
trustCompliantDevice?: boolean
}
/**
 * One outside person and the access they may have.
 */
export interface Guest {
email: Email1
/**
 * Name shown in the tenant. Editing it later never re-invites anyone.
 */
displayName: string
sponsor?: Email2
expires: IsoDate
/**
 * Why this guest needs access: a ticket, contract or project reference.
 */
justification: string
/**
 * Keys of groups in the stack's catalog.
 */
groups?: string[]
/**
 * App roles from the stack's catalog.
 */
apps?: AppGrant[]
objectId?: Uuid1
invitation?: InvitationOverrides
reviewed?: IsoDate1
}
/**
 * A role in an application from the stack's catalog.
 */
export interface AppGrant {
/**
 * Key of an app in the stack's catalog.
 */
app: string
/**
 * Name of one of the app's roles in the catalog. Omit it for default access.
 */
role?: string
}
/**
 * Overrides of the stack's invitation defaults for this guest.
 */
export interface InvitationOverrides {
/**
 * Where the guest lands after redeeming the invitation: https, on a host from the stack's policy.allowedRedirectHosts.
 */
redirectUrl?: string
/**
 * A personal message in the invitation email.
 */
message?: string
/**
 * Language of the invitation email, such as en-US.
 */
language?: string
/**
 * Addresses that receive a copy of the invitation email.
 * 
 * @maxItems 1
 */
cc?: []|[Email3]
/**
 * Whether Microsoft sends the invitation email.
 */
sendEmail?: boolean
}
