// guestops add: one guest's entry written into the partner file that holds its domain (or a new partner
// file), validated and planned before it is written. On a terminal, the options not given are asked for.
import { tightestLimit } from "../../edit/edit-guests";
import type { AppGrantRequest } from "../../edit/guest-edit";
import { loadRepo } from "../../load/load-repo";
import { workingTree } from "../../load/read-working-tree";
import { matchDomain, splitAddress } from "../../model/address";
import { addDays, todayUtc } from "../../model/dates";
import type { StackFile } from "../../model/stack-schema";
import type { CommandContext } from "../context";
import { EDIT_EXIT_CODES, EDIT_HELP, EDIT_OPTIONS, editOptionsOf } from "../edit-options";
import { EXIT, UsageError } from "../errors";
import { parseDateOption, parseFlagsAndWords, repositoryRoot, selectStack } from "../options";
import { askAdd, type AddAnswers, type AddChoices, type Prompter } from "../prompt-add";
import { runEdit } from "../run-edit";

export const help = `Usage: guestops add EMAIL --name NAME --expires DATE --justification TEXT
                    [--group KEY]... [--app KEY/ROLE]... [--sponsor ADDR] [--partner NAME] [options]

Adds one guest: an entry in the partner file whose domains hold the address's domain,
after its last guest, written as the bundled files are (groups: [a, b], and each app
as - { app: x, role: y }). Nothing else in the file changes. A domain that no partner
file holds gets a new partner file, guests/NAME.yaml, named by --partner: a new
partner domain is a policy change, which a stack owner approves. The plan then shows
the invitation, and who must approve each grant (the group's or app's owners, and the
sponsor).

On a terminal, add asks for what the options leave out, offering only the catalog's
groups that allow guests, its apps and roles, and dates within the policy. Elsewhere
(CI, a pipe), a missing option is a usage error naming it.

Options:
  --name NAME           The display name in the tenant, such as "Ana Silva (Fabrikam)".
  --expires DATE        The last day of access, YYYY-MM-DD, within policy.maxExpiryDays
                        and each group's and app's own maxExpiryDays.
  --justification TEXT  Why: a ticket, contract or project reference.
  --group KEY           A group from the stack's catalog; repeat for more.
  --app KEY/ROLE        An app role from the catalog, such as expenses/Submitter, or
                        KEY alone for default access; repeat for more.
  --sponsor ADDR        The internal person who answers for the guest. Default: the
                        partner file's sponsor (required when it has none).
  --partner NAME        The partner's name, for a domain no partner file holds yet.
${EDIT_HELP}

${EDIT_EXIT_CODES}

Examples:
  guestops add zoe.martin@fabrikam.com --name "Zoé Martin (Fabrikam)" --expires 2027-03-31 \\
    --justification "CHG-1200 ERP reporting" --group erp-project --app expenses/Submitter
  guestops add omar.said@northwind.example --name "Omar Said (Northwind)" --sponsor tomas.berg@contoso.com \\
    --expires 2027-02-28 --justification "SUP-260 customs filings" --app supplier-portal/Reader --dry-run
  guestops add lee.wong@tailspin.example --partner "Tailspin Toys" --name "Lee Wong (Tailspin)" \\
    --sponsor samuel.okafor@contoso.com --expires 2027-01-31 --justification "DSN-95 toy packaging" \\
    --group design-review --branch guests/add-lee-wong
`;

export const ADD_OPTIONS = {
  ...EDIT_OPTIONS,
  name: { type: "string" },
  expires: { type: "string" },
  justification: { type: "string" },
  group: { type: "string", multiple: true },
  app: { type: "string", multiple: true },
  sponsor: { type: "string" },
  partner: { type: "string" },
} as const;
export const options = ADD_OPTIONS;
export const formats = ["text", "json"] as const;

export interface AddIo {
  /** Whether to ask for missing options: stdin and stdout are terminals, and this is not CI. */
  interactive: boolean;
  prompter: () => Promise<Prompter>;
}

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !ctx.env.CI;
  return runAdd(argv, ctx, { interactive, prompter: clackPrompter });
}

export async function runAdd(argv: string[], ctx: CommandContext, io: AddIo): Promise<number> {
  const { values, positionals } = parseFlagsAndWords(argv, ADD_OPTIONS);
  if (positionals.length > 1) throw new UsageError(`add takes one email address; got ${positionals.map((p) => JSON.stringify(p)).join(", ")}`, "add one guest per command; quote a --name that has spaces");
  const shared = editOptionsOf(values);
  const expires = parseDateOption(values.expires, "--expires");
  const given: Partial<AddAnswers> = {
    ...(positionals[0] !== undefined && { email: positionals[0] }),
    ...(values.name !== undefined && { name: values.name }),
    ...(expires !== undefined && { expires }),
    ...(values.justification !== undefined && { justification: values.justification }),
    ...(values.group !== undefined && { groups: values.group }),
    ...(values.app !== undefined && { apps: values.app }),
    ...(values.sponsor !== undefined && { sponsor: values.sponsor }),
    ...(values.partner !== undefined && { partner: values.partner }),
  };
  // Both lists given or neither: one given means the other is none.
  if (given.groups !== undefined || given.apps !== undefined) {
    given.groups ??= [];
    given.apps ??= [];
  }
  let answers: AddAnswers;
  const missing = missingFlag(given);
  if (missing && io.interactive) {
    const asked = await askAdd(given, await choicesFor(ctx, shared.stack, shared.asOf ?? todayUtc()), await io.prompter());
    if (asked === "cancelled") {
      ctx.stderr.write("guestops add: cancelled; nothing was written\n");
      return EXIT.usage;
    }
    answers = asked;
  } else if (missing) throw new UsageError(`add needs ${missing.flag}`, missing.hint);
  else answers = { groups: [], apps: [], ...given } as AddAnswers;
  for (const [flag, value] of [["--name", answers.name], ["--justification", answers.justification]] as const) {
    if (value.trim() === "") throw new UsageError(`${flag} is empty`, `see guestops add --help`);
  }
  return runEdit(
    ctx,
    {
      action: "add",
      email: answers.email,
      displayName: answers.name,
      expires: answers.expires,
      justification: answers.justification,
      groups: answers.groups,
      apps: answers.apps.map(appGrantOf),
      ...(answers.sponsor !== undefined && { sponsor: answers.sponsor }),
      ...(answers.partner !== undefined && { partner: answers.partner }),
    },
    shared,
  );
}

/** The first option a person must give, with an example; undefined when none is missing. */
function missingFlag(given: Partial<AddAnswers>): { flag: string; hint: string } | undefined {
  if (given.email === undefined) return { flag: "the guest's EMAIL", hint: 'guestops add ana.silva@fabrikam.com --name "Ana Silva (Fabrikam)" --expires DATE --justification TEXT' };
  if (given.name === undefined) return { flag: "--name NAME", hint: 'the display name in the tenant, such as --name "Ana Silva (Fabrikam)"' };
  if (given.expires === undefined) return { flag: "--expires DATE", hint: `the last day of access, YYYY-MM-DD, such as --expires ${addDays(todayUtc(), 90)}` };
  if (given.justification === undefined) return { flag: "--justification TEXT", hint: 'a ticket, contract or project, such as --justification "CHG-1042 ERP migration"' };
  return undefined;
}

/** --app KEY/ROLE, or KEY for default access. */
export function appGrantOf(value: string): AppGrantRequest {
  const slash = value.indexOf("/");
  if (slash < 0) return { app: value };
  const app = value.slice(0, slash);
  const role = value.slice(slash + 1);
  if (app === "" || role === "") throw new UsageError(`--app ${JSON.stringify(value)} is not KEY/ROLE`, "such as --app expenses/Submitter, or --app expenses for default access");
  return { app, role };
}

/** What add offers on a terminal, from the stack's catalog and policy and the partner files. */
async function choicesFor(ctx: CommandContext, stackFlag: string | undefined, asOf: string): Promise<AddChoices> {
  const root = repositoryRoot(ctx.cwd);
  const source = workingTree(root);
  const load = await loadRepo(source, await selectStack(source, stackFlag, ctx.env));
  const stack = (load.stack?.value ?? {}) as Partial<StackFile>;
  const entries = (catalog: unknown) => (typeof catalog === "object" && catalog !== null ? Object.entries(catalog as Record<string, unknown>) : []).filter(([, v]) => typeof v === "object" && v !== null) as [string, Record<string, unknown>][];
  const groups = entries(stack.groups)
    .filter(([, g]) => g.allowGuests === true)
    .map(([key, g]) => ({ key, label: typeof g.displayName === "string" ? g.displayName : key }));
  const apps = entries(stack.apps).flatMap(([key, a]) => {
    const name = typeof a.displayName === "string" ? a.displayName : key;
    const roles = typeof a.roles === "object" && a.roles !== null ? Object.keys(a.roles) : [];
    return [{ value: key, label: `${name}: default access` }, ...roles.map((r) => ({ value: `${key}/${r}`, label: `${name}: ${r}` }))];
  });
  return {
    asOf,
    groups,
    apps,
    latest: (g, a) => {
      const limit = tightestLimit(stack, { groups: [...g], apps: a.map(appGrantOf) });
      return limit && addDays(asOf, limit.days);
    },
    needs: (email) => {
      const domain = splitAddress(email)?.domain;
      const file = domain === undefined ? undefined : load.guestFiles.find((f) => matchDomain(domain, (f.value?.domains ?? []).map((d) => String(d).toLowerCase())) !== undefined);
      return { partner: file === undefined, sponsor: typeof file?.value?.sponsor !== "string" };
    },
  };
}

/** @clack/prompts, loaded only when a person is asked something. */
async function clackPrompter(): Promise<Prompter> {
  const clack = await import("@clack/prompts");
  return {
    text: (o) => clack.text(o),
    select: (o) => clack.select(o as never),
    multiselect: (o) => clack.multiselect(o as never),
    isCancel: (v): v is symbol => clack.isCancel(v),
  };
}
