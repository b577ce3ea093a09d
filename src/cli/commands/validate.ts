// guestops validate: the check every pull request runs.
import { printFormatted } from "../print-formatted";
import type { LoadResult } from "../../load/load-repo";
import { workingTree } from "../../load/read-working-tree";
import { loadShards, loadStack } from "../../rules/load-stack";
import { guestEntries, type Validation } from "../../rules/validate-repo";
import { byPosition } from "../../model/problem";
import { EXIT, UsageError } from "../errors";
import { connectGraphTo } from "../connect-graph";
import { sponsorWarnings } from "../sponsor-warnings";
import { parseDateOption, parseFormat, repositoryRoot, parseFlags } from "../options";
import { selectScope } from "../select-scope";
import { shardsReportOf } from "../report-shards";
import { renderGithub, renderGithubSummary, renderJson, renderText, VALIDATE_FORMATS as BASE_FORMATS, type ValidationReport } from "../render-problems";
import { renderAzure } from "../render-problems-azure";
import type { CommandContext } from "../context";

export const VALIDATE_FORMATS = [...BASE_FORMATS, "azure"] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

/** The options table, exported so that tests parse every guestops line of the pipelines with it. */
export const VALIDATE_OPTIONS = {
  stack: { type: "string" },
  tenant: { type: "string" },
  "as-of": { type: "string" },
  format: { type: "string" },
  online: { type: "boolean" },
  "graph-url": { type: "string" },
  credential: { type: "string" },
} as const;

export const help = `Usage: guestops validate [--stack NAME | --tenant NAME] [--as-of YYYY-MM-DD] [--format text|json|github|azure]

Checks the stack file and every guest file it selects against the JSON Schemas
and the stack's policy, and reports every problem at once, as file:line:col.

Options:
  --stack NAME        Stack to validate: stacks/NAME.yaml. Defaults to $PULUMI_STACK,
                      or to the only stack when there is one. A shard is checked
                      against its siblings too (an address and a guest file belong
                      to one shard only).
  --tenant NAME       Every shard of tenants/NAME.yaml, in one run. The default when
                      the shards of one tenant are all the stacks there are.
  --as-of DATE        The day that expiry rules judge against. Default: today (UTC).
                      A guestops:asOf in Pulumi.<stack>.yaml wins, as it does in the
                      program; the summary says so.
  --format FORMAT     text (default), json, github (workflow annotations, plus a
                      job summary when $GITHUB_STEP_SUMMARY is set), or azure (Azure
                      Pipelines ##vso[task.logissue] lines, plus a Markdown summary
                      attached with ##vso[task.uploadsummary]).
  --online            Also read the tenant (read-only Graph, User.Read.All): warn on each
                      sponsor who is not found or is disabled there, at the place a guest
                      file names them, with the owners the renewals ask instead. One stack.
  --graph-url URL, --credential KIND
                      With --online: the Graph to read and how to sign in, as for guestops
                      status (--help there).
  -h, --help          Show this help.

Exit codes: 0 valid (warnings allowed), 1 errors found, 2 usage error, 70 internal error.

Examples:
  guestops validate
  guestops validate --stack prod --as-of 2027-01-01
  guestops validate --tenant contoso
  guestops validate --format json > validation.json
`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags(argv, VALIDATE_OPTIONS);
  const format = parseFormat(values.format, VALIDATE_FORMATS, "text");
  const asOf = parseDateOption(values["as-of"]);
  const source = workingTree(repositoryRoot(ctx.cwd));
  const cache = new Map();
  const scope = await selectScope(source, { stack: values.stack, tenant: values.tenant }, ctx.env, cache);
  if (scope.stack === undefined) {
    if (values.online === true) throw new UsageError(`validate --online reads one stack's tenant at a time, and tenant ${scope.tenant} has several shards`, "pass --stack NAME for each shard");
    const shards = await loadShards(source, scope.tenant!, { asOf, cache });
    const report = shardsReportOf(scope.tenant!, shards);
    await printValidation(format, report, ctx);
    return report.errors.length > 0 ? EXIT.invalid : EXIT.ok;
  }
  const loaded = await loadStack(source, scope.stack, { asOf, cache });
  if (values.online === true) {
    const client = connectGraphTo(values, ctx, { tenantId: loaded.desired.tenantId, cloud: loaded.load.stack?.value?.cloud, stackName: scope.stack });
    loaded.validation.warnings.push(...(await sponsorWarnings(client, loaded.load, loaded.desired)));
    loaded.validation.warnings.sort(byPosition);
  }
  await printValidation(format, reportOf(loaded.load, loaded.validation, loaded.asOf), ctx);
  return loaded.validation.errors.length > 0 ? EXIT.invalid : EXIT.ok;
}

export function reportOf(load: LoadResult, validation: Validation, asOf: string): ValidationReport {
  return {
    ...validation,
    stack: load.stackName,
    asOf,
    // Counted from the entries, not the desired state, so that validating never depends on input being valid.
    guests: new Set(guestEntries(load).flatMap((e) => (e.email === undefined ? [] : [e.email.toLowerCase()]))).size,
    guestFiles: load.guestFiles.length,
    stackFiles: load.stack ? 1 : 0,
  };
}

/** The report in a format; `markdown` (from plan) is the job summary that `github` appends. */
export async function printValidation(format: ValidateFormat | "markdown", report: ValidationReport, ctx: CommandContext): Promise<void> {
  await printFormatted(format, "validate", {
    json: () => renderJson(report),
    markdown: () => renderGithubSummary(report),
    text: (color) => renderText(report, color),
    github: () => renderGithub(report),
    azure: () => renderAzure(report),
    // The summary line, so the log says what the annotations add up to.
    logText: () => renderText(report, false).split("\n").slice(-2).join("\n"),
  }, ctx);
}

export const options = VALIDATE_OPTIONS;
export const formats = VALIDATE_FORMATS;
