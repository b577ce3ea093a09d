// Every environment, service connection, app registration, repository variable, deployment tag and
// notes ref that a workflow, an Azure pipeline or a doc names is one of src/cli/pipeline-names.ts, and
// every name there is used. A doc that tells the platform team to create the environment `prod` while
// the workflows deploy through `production` fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PIPELINE_NAMES } from "../../src/cli/pipeline-names";
import { ROOT, azurePipelines, githubWorkflows } from "./pipeline-files";

type Kind = "environment" | "service connection" | "app registration" | "repository variable" | "tag" | "notes ref" | "variable";

interface Found {
  where: string;
  kind: Kind;
  name: string;
}

const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const docs = [...walk(join(ROOT, "docs")).filter((f) => f.endsWith(".md")), join(ROOT, "README.md")].map((f) => ({ path: relative(ROOT, f), text: readFileSync(f, "utf8") }));
const pipelines = [...githubWorkflows, ...azurePipelines].map((f) => ({ path: f.path, text: f.text }));

/** Patterns that name a thing of a kind; group 1 is the name. */
const PATTERNS: [Kind, RegExp][] = [
  ["environment", /\benvironment:[ \t]*`?([A-Za-z][\w-]*)/g],
  ["environment", /\benvironments?\s+`([^`$]+)`(?!\s+variables?)/g],
  ["environment", /`([^`$]+)`\s+environment\b(?!\s+variables?)/g],
  ["service connection", /\bazureSubscription:\s*([\w-]+)/g],
  ["service connection", /\bconnection\s+(?:named\s+)?`([^`]+)`/g],
  ["service connection", /`([^`]+)`(?:\s+service)?\s+connection\b/g],
  ["app registration", /--display-name\s+([\w-]+)/g],
  ["app registration", /`([^`]+)`\s+app registration\b/g],
  ["repository variable", /\bvars\.([A-Za-z_]\w*)/g],
  ["variable", /`(GUESTOPS_[A-Z0-9_]+)`/g],
  ["tag", /\brefs\/tags\/([^\s"'`$)]+)/g],
  ["tag", /\btag\s+`([^`$]+)`/g],
  ["tag", /`([^`$]+)`\s+tag\b/g],
  ["tag", /\b(?!test\/)([\w.-]+\/deploy(?:ed)?\/[\w<>*.-]+)/g], // not a path under test/deploy/
  ["notes ref", /\b(refs\/notes\/[\w*.-]+)/g],
];

/** Markdown tables whose header names a kind: each cell of that column names one. */
const COLUMNS: Record<string, Kind> = { connection: "service connection", app: "app registration", environment: "environment" };

export function findNames(path: string, text: string): Found[] {
  const found: Found[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    for (const [kind, pattern] of PATTERNS) for (const m of line.matchAll(pattern)) found.push({ where: `${path}:${i + 1}`, kind, name: m[1]! });
  });
  for (let i = 0; i < lines.length - 1; i++) {
    if (!/^\|.*\|$/.test(lines[i]!) || !/^\|[\s|:-]+\|$/.test(lines[i + 1]!)) continue;
    const header = lines[i]!.split("|").map((c) => c.trim().toLowerCase());
    for (let r = i + 2; r < lines.length && lines[r]!.startsWith("|"); r++) {
      const cells = lines[r]!.split("|");
      header.forEach((h, c) => {
        const kind = COLUMNS[h];
        const name = kind && /^`([^`]+)`/.exec((cells[c] ?? "").trim())?.[1];
        if (kind && name) found.push({ where: `${path}:${r + 1}`, kind, name });
      });
    }
  }
  return found;
}

/** GUESTOPS_* names that something other than a doc reads: the code, the CI script, the benchmarks, the pipelines. */
function codeVariables(): Set<string> {
  const files = [...walk(join(ROOT, "src")), ...walk(join(ROOT, "test", "bench")), join(ROOT, "bin", "guestops"), join(ROOT, ".ci", "run"), ...pipelines.map((p) => join(ROOT, p.path))];
  return new Set(files.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/\b(GUESTOPS_[A-Z0-9_]*[A-Z0-9])\b/g)].map((m) => m[1]!)));
}

const names = PIPELINE_NAMES;
const known: Record<Kind, (name: string) => boolean> = {
  environment: (n) => n in names.environments,
  "service connection": (n) => n in names.serviceConnections,
  "app registration": (n) => n in names.appRegistrations,
  "repository variable": (n) => n in names.repositoryVariables,
  variable: (() => {
    const read = codeVariables();
    return (n: string) => n in names.repositoryVariables || read.has(n);
  })(),
  tag: (n) => n.startsWith(`${names.deployTagPrefix}/`) && /^[^/]+\/[^/]+\/[^/]+(\/[^/]+)?$/.test(n),
  "notes ref": (n) => n === names.approvalsNotesRef || n === "refs/notes/*",
};

describe("names across docs and pipelines", () => {
  const all = [...docs, ...pipelines].flatMap((f) => findNames(f.path, f.text));

  it("are found: each kind appears in the docs and the pipelines", () => {
    const kinds = new Set(all.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(["app registration", "environment", "notes ref", "repository variable", "service connection", "tag", "variable"]);
  });

  it("are each written in src/cli/pipeline-names.ts", () => {
    const unknown = all.filter((f) => !known[f.kind](f.name)).map((f) => `${f.where}: ${f.kind} ${JSON.stringify(f.name)}`);
    expect(unknown).toEqual([]);
  });

  it("in the registry are each used by a pipeline or a doc", () => {
    const used = (kind: Kind, name: string) => all.some((f) => f.kind === kind && f.name === name);
    const unused = [
      ...Object.keys(names.environments).filter((n) => !used("environment", n)),
      ...Object.keys(names.serviceConnections).filter((n) => !used("service connection", n)),
      ...Object.keys(names.appRegistrations).filter((n) => !used("app registration", n)),
      ...Object.keys(names.repositoryVariables).filter((n) => !used("repository variable", n)),
    ];
    expect(unused).toEqual([]);
    // The pipelines deploy through every environment and connection the docs tell you to create.
    const inPipelines = pipelines.flatMap((p) => findNames(p.path, p.text));
    for (const n of Object.keys(names.environments)) expect(inPipelines.some((f) => f.kind === "environment" && f.name === n), n).toBe(true);
    for (const n of Object.keys(names.serviceConnections)) expect(inPipelines.some((f) => f.kind === "service connection" && f.name === n), n).toBe(true);
  });

  it.each<[string, string, Found["kind"], string]>([
    ["a stale environment", "create the environment `prod` and set Deployment branches", "environment", "prod"],
    ["a stale subject", '"subject": "repo:contoso/guest-access:environment:prod",', "environment", "prod"],
    ["a stale connection", "connection named `guestops-prod` with Workload identity federation", "service connection", "guestops-prod"],
    ["a tag that does not exist", "the date of the `deployed/prod` tag", "tag", "deployed/prod"],
    ["another notes ref", "git push origin refs/notes/approvals", "notes ref", "refs/notes/approvals"],
    ["a variable nothing reads", "set the repository variable `GUESTOPS_DEPLOY_ID`", "variable", "GUESTOPS_DEPLOY_ID"],
  ])("the scan catches %s", (_, text, kind, name) => {
    const found = findNames("doc.md", text).filter((f) => f.kind === kind);
    expect(found.map((f) => f.name)).toContain(name);
    expect(found.some((f) => !known[f.kind](f.name))).toBe(true);
  });
});
