// Figures in the docs about this repository's own history and its example come from commands, and this
// test reruns them: a doc that shows an output marks the block with the command that printed it,
//
//   <!-- output: bin/guestops audit --guest jun.tanaka@northwind.example --until 2026-12-01 -->
//   ```text
//   ...what it prints...
//   ```
//   <!-- /output -->
//
// (a block without a fence is Markdown output, shown as it renders; `| grep -E 'regex'` keeps the lines
// that match). An abridged JSON sample is marked `<!-- sample-of: COMMAND -->`: each of its values must be
// in the command's output, "..." standing for anything. The table of what the Pulumi program registers is
// generated from the resource type descriptors and what resourcesFor gives for the example.
//
// After an intended change, `GUESTOPS_UPDATE_DOCS=1 npx vitest run test/docs-outputs.test.ts` rewrites the
// output blocks and the table; review the diff. Benchmark figures (docs/performance.md) are measured, not
// rerun, and are not marked.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PLAN_FORMATS, PLAN_OPTIONS } from "../src/cli/commands/plan";
import { main } from "../src/cli/main";
import { loadRepo } from "../src/load/load-repo";
import { workingTree } from "../src/load/read-working-tree";
import { buildDesiredState } from "../src/model/build-desired-state";
import { RESOURCE_TYPES, TENANT_POLICY_TYPES, type ResourceType } from "../src/model/resource-types";
import { resourcesFor, type ResourceSpec } from "../src/model/resources-for";
import { describeExample } from "./helpers/example";

const ROOT = join(__dirname, "..");
const UPDATE = process.env.GUESTOPS_UPDATE_DOCS === "1";
const HEAD = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith(".md") ? [path] : [];
  });
}
const DOCS = markdownFiles(join(ROOT, "docs"));

/** Arguments as a shell would split them; the docs' commands quote with '' only. */
function argv(command: string): string[] {
  return (command.match(/(?:[^\s']+|'[^']*')+/g) ?? []).map((a) => a.replaceAll("'", ""));
}

/** What the command prints, with this checkout's HEAD written as <HEAD> (it changes with every commit). */
async function outputOf(command: string): Promise<string> {
  const [run, filter] = command.split(/ \| grep -E /);
  const [tool, ...args] = argv(run!);
  let out = "";
  if (tool === "bin/guestops") {
    const sink = { write: (t: string) => ((out += t), true) };
    const code = await main(args, { cwd: ROOT, env: {}, color: false, stdout: sink, stderr: sink });
    expect(code, `${command} exits 0`).toBe(0);
  } else if (tool === "git") {
    out = execFileSync("git", args, { cwd: ROOT, encoding: "utf8" });
  } else throw new Error(`a doc's output block runs "${tool}": only bin/guestops and git are rerun`);
  out = out.replaceAll(HEAD, "<HEAD>").replaceAll(HEAD.slice(0, 12), "<HEAD>");
  if (filter) {
    const pattern = new RegExp(argv(filter)[0]!);
    out = out.split("\n").filter((l) => pattern.test(l)).join("\n");
  }
  return out.trimEnd();
}

interface Block {
  file: string;
  command: string;
  /** The fence's opening line, or undefined for Markdown shown as it renders. */
  fence?: string;
  shown: string;
  /** Where the block's content starts and ends in the file's text. */
  start: number;
  end: number;
}

const OUTPUT = /<!-- output: (.+?) -->\n([\s\S]*?)<!-- \/output -->/g;

function blocksOf(file: string, text: string): Block[] {
  return [...text.matchAll(OUTPUT)].map((m) => {
    const body = m[2]!;
    const fenced = /^(`{3,}[^\n]*)\n(?:([\s\S]*?)\n)?`{3,}\n$/.exec(body);
    const start = m.index! + m[0].indexOf("\n") + 1;
    return { file, command: m[1]!, ...(fenced ? { fence: fenced[1]!, shown: fenced[2] ?? "" } : { shown: body.trimEnd() }), start, end: start + body.length };
  });
}

const BLOCKS = DOCS.flatMap((path) => blocksOf(relative(ROOT, path), readFileSync(path, "utf8")));

describeExample("the docs' outputs are what the commands print today", () => {
  it.each(BLOCKS.map((b) => ({ ...b, name: `${b.file}: ${b.command}` })))("$name", async (block) => {
    const out = await outputOf(block.command);
    if (UPDATE && out !== block.shown) rewrite(block.file, block, out);
    else expect(block.shown).toBe(out);
  });
});

/** Replaces one block's content in its file, keeping the fence. */
function rewrite(file: string, block: Block, out: string): void {
  const path = join(ROOT, file);
  const text = readFileSync(path, "utf8");
  // Find the block again: an earlier rewrite in the same file moved the offsets.
  const again = blocksOf(file, text).find((b) => b.command === block.command && b.shown === block.shown)!;
  const body = again.fence ? `${again.fence}\n${out}\n${"`".repeat(/^`+/.exec(again.fence)![0].length)}\n` : `${out}\n`;
  writeFileSync(path, text.slice(0, again.start) + body + text.slice(again.end));
}

// --- Abridged JSON samples --------------------------------------------------------------------------

const SAMPLE = /<!-- sample-of: (.+?) -->\n```json\n([\s\S]*?)\n```/g;
const SAMPLES = DOCS.flatMap((path) => [...readFileSync(path, "utf8").matchAll(SAMPLE)].map((m) => ({ file: relative(ROOT, path), command: m[1]!, sample: m[2]! })));

/** Whether `sample` is `actual` abridged: "..." matches anything, an object may leave keys out, a list items. */
function abridges(sample: unknown, actual: unknown): boolean {
  if (sample === "...") return true;
  if (Array.isArray(sample)) return Array.isArray(actual) && sample.every((s) => actual.some((a) => abridges(s, a)));
  if (typeof sample === "object" && sample !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return false;
    return Object.entries(sample).every(([k, v]) => k === "..." || (Object.hasOwn(actual, k) && abridges(v, (actual as Record<string, unknown>)[k])));
  }
  return sample === actual;
}

describeExample("the docs' JSON samples are abridged from what the commands print today", () => {
  it("the auditor's and the reviewer's pages mark their outputs and samples", () => {
    expect(new Set(BLOCKS.map((b) => b.file))).toContain("docs/auditors.md");
    const sampled = new Set(SAMPLES.map((x) => x.file));
    for (const doc of ["docs/auditors.md", "docs/reviewers.md"]) expect(sampled, doc).toContain(doc);
  });

  it.each(SAMPLES.map((s) => ({ ...s, name: `${s.file}: ${s.command}` })))("$name", async ({ command, sample }) => {
    const actual = JSON.parse(await outputOf(command)) as Record<string, unknown>;
    const shown = JSON.parse(sample) as Record<string, unknown>;
    for (const [key, value] of Object.entries(shown)) expect(abridges(value, actual[key]), `"${key}" of the sample is not in the output: ${JSON.stringify(actual[key])}`).toBe(true);
  });

  it("abridges() refuses what is not there", () => {
    expect(abridges({ a: [{ b: 1 }] }, { a: [{ b: 1, c: 2 }, { b: 3 }] })).toBe(true);
    expect(abridges({ a: [{ b: 2 }] }, { a: [{ b: 1 }] })).toBe(false);
    expect(abridges({ a: "..." }, {})).toBe(false);
    expect(abridges({ a: 1 }, { a: "1" })).toBe(false);
  });
});

// --- What the Pulumi program registers ---------------------------------------------------------------

/** What each type is one of, and how its logical name is made: words the descriptors do not hold. */
const EACH: Record<ResourceType, { resource: string; each: string; name: string }> = {
  "pulumi:providers:azuread": { resource: "`azuread` provider", each: "one per stack", name: "`tenant`" },
  "azuread:index/invitation:Invitation": { resource: "`azuread.Invitation`", each: "one per guest without an `objectId`, until its grace period ends", name: "the lowercased email" },
  "azuread:index/groupMember:GroupMember": { resource: "`azuread.GroupMember`", each: "one per active guest and catalog group", name: "`<group key>/<email>`" },
  "azuread:index/appRoleAssignment:AppRoleAssignment": { resource: "`azuread.AppRoleAssignment`", each: "one per active guest and app grant", name: "`<app key>/<role>/<email>`, or `<app key>/<email>` for default access" },
  "pulumi-nodejs:dynamic/guestops:GuestLifecycle": {
    resource: "`GuestLifecycle` (guestops' dynamic resource, [lifecycle.md](lifecycle.md))",
    each: "one per guest, invited or adopted, until its grace period ends, while `lifecycle.manageSponsors` or `lifecycle.blockSignInOnExpiry` is on; its delete is the only one that deletes an account, under `policy.onRemoval: delete` past the grace period",
    name: "`lifecycle/<email>`",
  },
  "pulumi-nodejs:dynamic/guestops:AuthorizationPolicy": {
    resource: "`AuthorizationPolicy` (dynamic)",
    each: "one per stack deploying tenantPolicy with `invitations.allowInvitesFrom` or `guestAccess`; its delete restores the values read before its first write",
    name: "`tenant/authorization-policy`",
  },
  "pulumi-nodejs:dynamic/guestops:CrossTenantPartner": {
    resource: "`CrossTenantPartner` (dynamic)",
    each: "one per partner tenant id a partner file declares; its delete removes that partner's configuration (or restores the one it found), never the default policy",
    name: "`cross-tenant/<tenantId>`",
  },
  "pulumi-nodejs:dynamic/guestops:B2BDomainList": {
    resource: "`B2BDomainList` (dynamic, Graph beta)",
    each: "one per stack whose `domainList` is `allow` or `deny`; its delete restores the list read before its first write",
    name: "`tenant/b2b-domain-list`",
  },
  "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy": {
    resource: "`azuread.ConditionalAccessPolicy`",
    each: "one per stack whose `conditionalAccess.guestMfa` is `reportOnly` or `on`",
    name: "`tenant/guest-mfa`",
  },
};

function optionWords(spec: ResourceSpec): string {
  const o = spec.options;
  const words = [
    o.provider && `provider \`${o.provider}\``,
    o.ignoreChanges && `\`ignoreChanges\` on ${o.ignoreChanges.map((i) => `\`${i}\``).join(", ")}`,
    o.retainOnDelete && "`retainOnDelete` (destroying it never deletes the account)",
    o.deleteBeforeReplace && "`deleteBeforeReplace` (Graph refuses a second one)",
  ].filter(Boolean);
  return words.length > 0 ? words.join("; ") : "none";
}

/** The guest types (the example's) or the guardrails' (the demo stack's, test/fixtures/guardrails). */
const TABLES = {
  guests: { root: ROOT, stack: "prod", what: "the example stack", types: (Object.keys(RESOURCE_TYPES) as ResourceType[]).filter((t) => !TENANT_POLICY_TYPES.includes(t)) },
  guardrails: { root: join(ROOT, "test/fixtures/guardrails"), stack: "contoso", what: "the demo stack test/fixtures/guardrails", types: [...TENANT_POLICY_TYPES] },
};

/** The table, from the descriptors' order and resourcesFor's specs for a stack as of 2026-12-01. */
async function resourceTable(table: keyof typeof TABLES = "guests"): Promise<string> {
  const { root, stack, what, types: listed } = TABLES[table];
  const load = await loadRepo(workingTree(root), stack);
  const specs = resourcesFor(buildDesiredState(load, "2026-12-01"));
  const types = [...listed].sort((a, b) => RESOURCE_TYPES[a].order - RESOURCE_TYPES[b].order);
  const rows = types.map((type) => {
    const ofType = specs.filter((s) => s.type === type);
    const first = ofType[0];
    if (!first) throw new Error(`${what} registers no ${RESOURCE_TYPES[type].label}: the table could not show its inputs and options`);
    const inputs = [...new Set(ofType.flatMap((s) => Object.keys(s.inputs)))].map((i) => `\`${i}\``).join(", ");
    const e = EACH[type];
    const name = e.name === `\`${first.name}\`` ? e.name : `${e.name}, e.g. \`${first.name}\``;
    return `| ${e.resource}, ${e.each} | ${name} | ${inputs} | ${optionWords(first)} |`;
  });
  const count = (type: ResourceType, one: string, many: string) => {
    const n = specs.filter((s) => s.type === type).length;
    return `${n} ${n === 1 ? one : many}`;
  };
  const counts = types.map((t) => count(t, RESOURCE_TYPES[t].label, `${RESOURCE_TYPES[t].label}s`)).join(", ");
  return [
    "| Resource | Logical name | Inputs | Options |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    `For ${what} as of 2026-12-01, that is ${counts}.`,
  ].join("\n");
}

describeExample("the platform team's table of what the program registers", () => {
  it("is generated from the resource type descriptors and resourcesFor, every type in it", async () => {
    const path = join(ROOT, "docs/platform-team.md");
    const text = readFileSync(path, "utf8");
    const m = /<!-- resource-table:start -->\n([\s\S]*?)<!-- resource-table:end -->/.exec(text);
    expect(m, "docs/platform-team.md has no resource-table block").not.toBeNull();
    const table = `${await resourceTable()}\n`;
    if (UPDATE && m![1] !== table) writeFileSync(path, text.replace(m![0], `<!-- resource-table:start -->\n${table}<!-- resource-table:end -->`));
    else expect(m![1]).toBe(table);
    for (const type of TABLES.guests.types) expect(table).toContain(RESOURCE_TYPES[type].label === "Provider" ? "`azuread` provider" : RESOURCE_TYPES[type].label);
  });

  it("the guardrails' table in docs/guardrails.md, from the demo stack: every other type in it", async () => {
    const path = join(ROOT, "docs/guardrails.md");
    const text = readFileSync(path, "utf8");
    const m = /<!-- resource-table:start -->\n([\s\S]*?)<!-- resource-table:end -->/.exec(text);
    expect(m, "docs/guardrails.md has no resource-table block").not.toBeNull();
    const table = `${await resourceTable("guardrails")}\n`;
    if (UPDATE && m![1] !== table) writeFileSync(path, text.replace(m![0], `<!-- resource-table:start -->\n${table}<!-- resource-table:end -->`));
    else expect(m![1]).toBe(table);
    for (const type of TENANT_POLICY_TYPES) expect(table).toContain(RESOURCE_TYPES[type].label);
  });
});

describe("the reviewer's guide and the plan command agree", () => {
  const guide = readFileSync(join(ROOT, "docs/reviewers.md"), "utf8");
  const rows = new Map([...guide.matchAll(/^\| `--([a-z-]+)[^`]*` \| (.*) \|$/gm)].map((m) => [m[1]!, m[2]!]));

  it("the options table has a row for each option of guestops plan, and no other", () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(PLAN_OPTIONS).sort());
  });

  it("the --format row names every format", () => {
    for (const format of PLAN_FORMATS) expect(rows.get("format")).toContain(`\`${format}\``);
  });

  it("the --base row gives the default the command uses: the newest deployment record, else HEAD", () => {
    expect(rows.get("base")).toContain("Default: the stack's newest deployment record");
    expect(rows.get("base")).toContain("with no record, `HEAD`");
  });
});
