// guestops drift: where the tenant and Git disagree, for scheduled alerts. Reads Graph only.
import { hasPolicyDrift, policyDriftOf } from "../../graph/build-tenant-policy-drift";
import { readDrift } from "../../graph/read-drift";
import { readPolicyComparison } from "../../graph/read-tenant-policy";
import { DRIFT_FORMATS, hasDrift, renderDrift } from "../../graph/render-drift";
import { EXIT } from "../errors";
import { connectGraph, declaredGuardrails, readingCatalog, GRAPH_FLAGS, GRAPH_HELP, loadTenant } from "../graph-session";
import type { CommandContext } from "../context";
import { parseAsOf, parseFormat, parseFlags } from "../options";

export const help = `Usage: guestops drift [--stack NAME | --tenant NAME] [--all-guests] [--as-of DATE] [--format text|markdown|json]
                      [--graph-url URL] [--credential KIND]

Compares the tenant with Git and reports:
  - guests in the tenant that no stack of the tenant declares: those with a membership
    or app role in the catalog, or every guest with --all-guests;
  - declared guests missing from the tenant;
  - memberships and app role assignments in catalog groups and apps that were added or
    removed outside Git;
  - when a stack declares tenantPolicy: each guardrail the tenant holds otherwise (who may
    invite, the guest user role, guest MFA and its excluded accounts, the domain list, each
    partner's trust), and partner configurations in the tenant that no partner file declares.
Every stack with the same tenantId is compared at once, so stacks that share a tenant
never report each other's guests: with a tenant file (docs/shards.md), every shard of
it. Reads Microsoft Graph; changes nothing.

Options:
  --stack NAME        Stack whose tenant to compare. Defaults to $PULUMI_STACK, or the only stack.
  --tenant NAME       Every shard of tenants/NAME.yaml, each validated. The default when the
                      shards of one tenant are all the stacks there are.
  --all-guests        Report every undeclared guest, not only those with catalog access.
  --as-of DATE        The day expiry is judged on: expired guests should hold no access.
  --format FORMAT     text (default), markdown, or json:
                      { undeclaredGuests: [{ email, objectId }], missingGuests: [email],
                        memberships: [{ kind: "undeclared" | "missing", group?, app?, role?, email }],
                        tenantPolicy?: { settings: [{ setting, file, declared, tenant, state, fix }],
                                         undeclaredPartners: [{ tenantId, trustMfa, trustCompliantDevice }],
                                         notes: [string] } }
${GRAPH_HELP}
  -h, --help          Show this help.

Permissions: User.Read.All, GroupMember.Read.All, Application.Read.All; with tenantPolicy,
Policy.Read.All too (and Policy.Read.B2BManagementPolicy for a domain list).

Exit codes: 0 no drift, 4 drift found, 1 validation errors, 2 usage error, 5 Graph
refused or failed, 70 internal error.

Examples:
  guestops drift
  guestops drift --format json > drift.json || echo "drift: see drift.json"
  guestops drift --all-guests --format markdown
  guestops drift --tenant contoso
`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, options);
  const format = parseFormat(values.format, DRIFT_FORMATS, "text");
  const asOf = parseAsOf(values["as-of"]);
  const tenant = await loadTenant(ctx, values.stack, asOf, { ...(values.tenant !== undefined && { tenant: values.tenant }) });
  if (typeof tenant === "number") return tenant;
  const allGuests = values["all-guests"] === true;
  const client = connectGraph(values, ctx, tenant);
  const guardrails = declaredGuardrails(tenant);
  const policy = guardrails ? readPolicyComparison(client, guardrails.policy, guardrails.file) : undefined;
  policy?.catch(() => undefined);
  const drift = await readingCatalog(ctx, tenant, () => readDrift(client, tenant.states, allGuests));
  if (typeof drift === "number") return drift;
  const tenantPolicy = policy && policyDriftOf(await policy);
  const report = { ...drift, stack: tenant.name, stacks: tenant.states.map((s) => s.stack).sort(), asOf, allGuests, ...(tenantPolicy && { tenantPolicy }) };
  ctx.stdout.write(renderDrift(format, report));
  return hasDrift(drift) || hasPolicyDrift(tenantPolicy) ? EXIT.drift : EXIT.ok;
}

/** The options table: which flags take a value, for main.ts and the pipelines' tests. */
export const options = { ...GRAPH_FLAGS, tenant: { type: "string" }, "all-guests": { type: "boolean" } } as const;
export const formats = DRIFT_FORMATS;
