// plan --online: the one time the plan reads the tenant. Offline, the plan needs no credentials and runs
// on pull requests from forks; online, it reads the guest invite setting and the B2B domain list with the
// same Graph session flags as status and drift (read-only: Policy.Read.All, and
// Policy.Read.B2BManagementPolicy for the list) and warns, in every format, about each invitation the
// plan would send that the tenant would refuse.
import { buildPreflight } from "../graph/build-preflight";
import { readTenantPolicy } from "../graph/read-tenant-policy";
import { loadRepo } from "../load/load-repo";
import { workingTree } from "../load/read-working-tree";
import type { Plan } from "../plan/plan-types";
import type { CommandContext } from "./context";
import { connectGraphTo } from "./graph-session";
import { repositoryRoot } from "./options";

export const ONLINE_HELP = `  --online              Also read the tenant (read-only, Policy.Read.All; the domain list
                        Policy.Read.B2BManagementPolicy) and warn about each invitation it
                        would refuse: a domain its live B2B domain list does not allow, or
                        a guest invite setting of "none", which refuses app-only callers
                        too. Takes --graph-url and --credential as status does. Needs
                        credentials: not for pull requests from forks. One stack only.`;

export async function preflightPlan(ctx: CommandContext, values: { "graph-url"?: string; credential?: string }, plan: Plan): Promise<Plan> {
  const load = await loadRepo(workingTree(repositoryRoot(ctx.cwd)), plan.stack);
  const stack = load.stack?.value;
  const tenantId = typeof stack?.tenantId === "string" ? stack.tenantId.toLowerCase() : "";
  const client = connectGraphTo(values, ctx, { tenantId, cloud: stack?.cloud, stackName: plan.stack });
  const tenant = await readTenantPolicy(client, { conditionalAccess: false, domainList: true });
  const { warnings, notices } = buildPreflight(plan.guests, tenant, load.stackPath);
  const list = tenant.domainList ? (tenant.domainList.mode === "off" ? "no B2B domain list" : `a B2B domain list that ${tenant.domainList.mode === "allow" ? "allows" : "blocks"} ${tenant.domainList.domains.length} domain(s)`) : "a B2B domain list that could not be read";
  const read = `preflight: the tenant's guest invite setting is ${tenant.allowInvitesFrom ?? "unknown"}, with ${list}; ${warnings.length} invitation(s) it would refuse`;
  return { ...plan, warnings: [...plan.warnings, ...warnings], notices: [...plan.notices, read, ...notices] };
}
