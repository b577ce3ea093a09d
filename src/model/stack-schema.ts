// Generated from the JSON Schema by `npm run gen:types`. Do not edit.

/**
 * The directory (tenant) id of the home tenant.
 */
export type Uuid = string
/**
 * A DNS domain in lower case, such as contoso.com.
 */
export type Domain = string
export type Email = string
export type GuestFilesPattern = string
/**
 * The id of an authentication strength policy to require instead of plain MFA, such as the built-in phishing-resistant MFA (00000000-0000-0000-0000-000000000004). It must exist in the tenant.
 */
export type Uuid1 = string
/**
 * The id of an existing terms of use agreement (Entra ID Governance, Terms of use) that guests must accept as well. guestops does not create the agreement.
 */
export type Uuid2 = string
/**
 * The group's object id.
 */
export type Uuid3 = string
/**
 * Internal addresses of the people whose approval a grant needs.
 * 
 * @minItems 1
 */
export type Owners = [Email, ...(Email)[]]
/**
 * Object id of the app's service principal (enterprise application) in this tenant.
 */
export type Uuid4 = string
export type Uuid5 = string

/**
 * One Pulumi stack of guestops; the file's base name is the stack name. Either a whole tenant (its id, internal domains, owners, invitation defaults, policy and catalog of groups and apps), or one shard of a large tenant: `tenant: <name>` names the shared file tenants/<name>.yaml, which holds those fields once for every shard (it has this schema, without `tenant` and `guestFiles`), and the shard selects its own `guestFiles`, which no other shard of the tenant selects. See docs/shards.md.
 */
export interface StackFile {
/**
 * Makes this stack a shard of a tenant too large for one stack: the name of the shared tenant file tenants/<name>.yaml, which holds tenantId, internalDomains, owners, invitation, policy, groups and apps for every shard. A shard sets only `tenant` and its own `guestFiles`.
 */
tenant?: string
tenantId?: Uuid
/**
 * The Microsoft cloud that holds the tenant, which sets the Graph endpoint that status, drift and import read: `public` (graph.microsoft.com), `usgov` (graph.microsoft.us) or `china` (microsoftgraph.chinacloudapi.cn). GUESTOPS_GRAPH_URL or --graph-url override it.
 */
cloud?: ("public" | "usgov" | "china")
/**
 * Domains of the home tenant's own people. Sponsors and owners must be in them; guests must not.
 * 
 * @minItems 1
 */
internalDomains?: [Domain, ...(Domain)[]]
/**
 * The stack owners (the platform team): internal addresses whose approval every policy, catalog, partner-domain and adoption change needs. A change is approved by the owners of its base, never by the owners it sets.
 * 
 * @minItems 1
 */
owners?: [Email, ...(Email)[]]
/**
 * Glob patterns, relative to the repository root, of the guest files this stack reads. Required in a shard; each guest file belongs to exactly one shard of a tenant. Patterns stay inside the repository: no absolute paths, no `..` segments, `/` as the separator. A pattern without glob characters names one file, which must exist. Glob characters: `*` (any characters of one name), `**` (standing alone between slashes: any folders), `?` (one character) and classes like `[a-z]`; wildcards never match a hidden name (one starting with `.`). Braces, extended globs, negated classes and `!` patterns are refused: write one pattern per alternative.
 * 
 * @minItems 1
 */
guestFiles?: [GuestFilesPattern, ...(GuestFilesPattern)[]]
/**
 * What this stack deploys: `guests` (invitations, memberships, app roles and lifecycles), `tenantPolicy` (only the tenant's guardrails, from `tenantPolicy` and the partner files' tenantIds and crossTenant) or `both`. A whole stack defaults to `both`; a shard defaults to `guests`. Guardrails need Policy.ReadWrite.* permissions, so a team can give them a stack of their own, deployed by a separate identity, and keep the guests' identity narrow: a shard with `deploys: tenantPolicy` and guestFiles that read every partner file of the tenant (it deploys no guests, so it may read files another shard deploys). Exactly one stack of a tenant deploys the tenant file's tenantPolicy. See docs/guardrails.md.
 */
deploys?: ("guests" | "tenantPolicy" | "both")
invitation?: InvitationDefaults
policy?: Policy
lifecycle?: Lifecycle
approvals?: Approvals
tenantPolicy?: TenantPolicy
/**
 * Groups that guests may be given, by stable key. Renaming a key moves memberships; renaming a displayName changes nothing.
 */
groups?: {
[k: string]: CatalogGroup | undefined
}
/**
 * Applications whose roles guests may be given, by stable key.
 */
apps?: {
[k: string]: CatalogApp | undefined
}
}
/**
 * Defaults for every invitation; a guest entry may override them.
 */
export interface InvitationDefaults {
/**
 * Where guests land after redeeming an invitation. Its host is allowed for every guest's redirectUrl unless policy.allowedRedirectHosts lists the hosts.
 */
redirectUrl?: string
/**
 * Whether Microsoft sends the invitation email. Without it, guests need their redeem URL (a secret stack output).
 */
sendEmail?: boolean
/**
 * Language of the invitation email.
 */
language?: string
}
/**
 * Rules every guest entry and every plan must keep.
 */
export interface Policy {
/**
 * How far ahead of today an entry may expire, in days.
 */
maxExpiryDays?: number
/**
 * Domains that may never be invited, such as consumer mail services.
 */
blockedDomains?: Domain[]
/**
 * If not empty, the only domains that may be invited.
 */
allowedDomains?: Domain[]
/**
 * Hosts that an invitation's redirectUrl (the stack's default and every guest's override) may point to, over https. When absent, the allowed hosts are the host of this stack's invitation.redirectUrl plus myapps.microsoft.com. A guest lands there straight after redeeming, so a look-alike sign-in page would be a phishing lure sent in the tenant's name.
 * 
 * @minItems 1
 */
allowedRedirectHosts?: [Domain, ...(Domain)[]]
/**
 * A plan that removes more than this share of the managed guests, or of their memberships and assignments, is refused unless --allow-mass-removal is given.
 */
maxRemovalShare?: number
/**
 * What happens to a guest's account when its entry is removed or its grace period ends: `retain` keeps it, `delete` deletes it.
 */
onRemoval?: ("retain" | "delete")
/**
 * Access that a change ends within this many days of the day judged (an expires moved earlier) counts toward maxRemovalShare when the change is planned, so that shortening most guests' access to tomorrow cannot pass as no change. Default 7.
 */
removalHorizonDays?: number
/**
 * Days after expiry during which an expired guest's account is kept, without access.
 */
expiredGraceDays?: number
/**
 * An entry whose `reviewed` date is older than this many days gets an overdue-review warning.
 */
reviewIntervalDays?: number
/**
 * The renewal term: how many days past the day of the run the scheduled renewal run (guestops renewals) moves a due guest's `expires`. Default: the smaller of 90 and policy.maxExpiryDays; a guest's groups and apps with a shorter maxExpiryDays shorten it for that guest, and so does policy.maxExpiryDays when this is set higher.
 */
renewalDays?: number
}
/**
 * What guestops manages on each guest's account through its GuestLifecycle resource (see docs/lifecycle.md). With both switches off, no GuestLifecycle is registered. Under policy.onRemoval: delete, blockSignInOnExpiry must be stated as true: deletion after the grace period is GuestLifecycle's, and only of an account whose sign-in it blocked.
 */
export interface Lifecycle {
/**
 * Record each guest's declared sponsor in Entra (the user's sponsors), adding missing ones and removing undeclared ones. Needs User.ReadWrite.All.
 */
manageSponsors?: boolean
/**
 * Block sign-in (accountEnabled false) when a guest's access expires, and allow it again on renewal. Needs User.EnableDisableAccount.All. Default true; it has no schema default so that a stack under policy.onRemoval: delete can be told to state it (a stack that does not was deployed before GuestLifecycle).
 */
blockSignInOnExpiry?: boolean
}
/**
 * Who approves a change besides the owners of each group and app it grants (see docs/reviewers.md).
 */
export interface Approvals {
/**
 * required (the default): the guest's sponsor approves each invitation, adoption, new grant, renewal and review of their guest, and both the old and the new sponsor approve a change of sponsor. notRequired: only the owners and, for policy and adoptions, a stack owner. Turning it off is a policy change that loosens.
 */
sponsor?: ("required" | "notRequired")
}
/**
 * The tenant's guardrails around guests, deployed as resources of this stack and shown in every plan as policy changes that a stack owner approves (see docs/guardrails.md). Each setting left out is not managed: the tenant keeps its value. Removing a setting restores the value the tenant had before guestops first wrote it; it never deletes a tenant default.
 */
export interface TenantPolicy {
invitations?: TenantInvitations
/**
 * What guests may see of the directory: the guest user role (authorizationPolicy guestUserRoleId). `restricted`: only their own directory objects; `limited`: limited access to other users and groups (Entra's default); `member`: the same as members. Widening it (restricted < limited < member) loosens.
 */
guestAccess?: ("restricted" | "limited" | "member")
conditionalAccess?: GuestConditionalAccess
/**
 * The tenant's B2B collaboration domain list, which binds every invitation in the tenant, not only guestops': `off` (not managed), `allow` (only the partner files' domains may be invited), `deny` (policy.blockedDomains may never be invited). Graph serves it only in beta (policies/b2bManagementPolicies), so its shape may change. A list that would block a declared guest's domain is refused. Turning it off loosens.
 */
domainList?: ("off" | "allow" | "deny")
crossTenant?: CrossTenantSettings
}
/**
 * Who may invite guests outside this repository (Graph v1.0 policies/authorizationPolicy).
 */
export interface TenantInvitations {
/**
 * Who in the tenant may invite guests, from narrowest to widest: `none` (nobody, admins included, and Graph may then refuse guestops' own invitations: the plan warns), `adminsAndGuestInviters` (admins and holders of the Guest Inviter role: the usual choice, so that guests arrive through this repository), `adminsGuestInvitersAndAllMembers` (every member user too), `everyone` (guests too). Widening it is a policy change that loosens.
 */
allowInvitesFrom?: ("none" | "adminsAndGuestInviters" | "adminsGuestInvitersAndAllMembers" | "everyone")
}
/**
 * One Conditional Access policy, named after the stack, that requires MFA (or an authentication strength) of every guest and external user on all apps. Needs Entra ID P1.
 */
export interface GuestConditionalAccess {
/**
 * `off`: no policy (an existing one is removed); `reportOnly`: the policy logs what it would do (enabledForReportingButNotEnforced): start here, and read the sign-in logs; `on`: enforced. Each step toward off loosens.
 */
guestMfa: ("off" | "reportOnly" | "on")
/**
 * Break-glass (emergency access) accounts the policy never applies to: internal addresses, required and not empty whenever guestMfa is not off, so that a mistake in the policy cannot lock every administrator out. Adding one loosens.
 */
excludeAccounts?: Email[]
authenticationStrength?: Uuid1
termsOfUse?: Uuid2
}
/**
 * Cross-tenant access for the partner tenants that partner files declare (tenantIds).
 */
export interface CrossTenantSettings {
/**
 * Limit B2B collaboration inbound from each declared partner tenant to the catalog's apps (cross-tenant access b2bCollaborationInbound applications). Graph's inbound users and groups are the partner's own users and groups, so the catalog's groups cannot be a target there: group access stays with memberships. Turning it off loosens.
 */
limitInboundToCatalog?: boolean
}
export interface CatalogGroup {
objectId: Uuid3
/**
 * Name shown in plans. Purely descriptive. At most 256 characters, Entra's limit for a display name.
 */
displayName: string
owners: Owners
/**
 * Whether guests may be members at all.
 */
allowGuests: boolean
/**
 * A tighter expiry limit for guests in this group, in days.
 */
maxExpiryDays?: number
}
export interface CatalogApp {
servicePrincipalId: Uuid4
/**
 * Name shown in plans. Purely descriptive. At most 256 characters, Entra's limit for a display name.
 */
displayName: string
owners: Owners
/**
 * App roles that guests may be given: role name to appRoleId. A grant without a role gets default access.
 */
roles: {
[k: string]: Uuid5 | undefined
}
/**
 * A tighter expiry limit for guests with a role in this app, in days.
 */
maxExpiryDays?: number
}
