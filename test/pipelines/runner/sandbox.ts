// A sandbox that runs the shipped pipeline files as a hosted runner would, from the files themselves.
//
// How to use it (one sandbox per journey; each costs a clone and a Graph double, about a second):
//
//   const sb = await createSandbox();                 // tenant repository, remote, Graph double, stand-ins
//   const pr = sb.pullRequest({ number: 12, author: "ana-dev", branch: "add-ana", files: { "guests/x.yaml": "..." } });
//   sb.review(pr, "priya-n-contoso", "APPROVED");     // what `gh api .../pulls/12/reviews` answers
//   const check = await sb.github("guestops-pr.yml", { event: "pull_request", pr });
//   check.jobs.check!.result;                         // "success" | "failure" | "skipped"
//   check.jobs.check!.step("Approval gate").outputs;  // a step's GITHUB_OUTPUT, stdout, stderr, outcome
//   check.jobs.check!.log();                          // each step's outcome, and what failed steps printed
//   artifactText(check, "guestops-comment", "body.md"); // the sticky comment the run composed
//   sb.merge(pr);                                     // a merge commit on main, pushed to the remote
//   const deploy = await sb.github("guestops-deploy.yml", { event: "push" });
//   const ado = await sb.azure("azure-pipelines.yml", { reason: "IndividualCI" });
//   sb.calls("pulumi");                               // what the stand-ins were asked, with their argv
//   await sb.guestops(["audit", "--format", "json"]); // the CLI in a fresh full clone of the remote's main
//   sb.loopback.refuse = true;                        // Entra refuses every token exchange from now on
//   sb.double!.inject({ path: /^\/users/, status: 403 }); // the Graph double fails a read (graph-double.ts)
//   await sb.close();
//
// A journey that needs other files (a renewal, a new shard) passes them to createSandbox({ files }) for
// the first commit, or to sb.commit / sb.pullRequest later; a mutated copy of a workflow runs from an
// absolute path (sb.github(file, ...)), as run-github.test.ts does. Runs take seconds: the CLI is the one
// compiled bundle that bin/guestops caches in node_modules, and every step's processes are real.
//
// What it simulates (see github-runner.ts and azure-runner.ts for each step kind):
// - the tenant repository: this repository's tool and example files in a bare remote with real history
//   (PR branches, GitHub's refs/pull/N/merge test merges, merge commits), cloned per job; or, with
//   createSandbox({ installed: true }), the example's data and wiring only, pinning guestops as a
//   package, whose `npm ci` installs the packed tarball;
// - the runner: GITHUB_* variables and files, RUNNER_TEMP, per-job HOME, and the OIDC request variables
//   only for jobs with `id-token: write`; for Azure, the predefined variables and the tasks' environment;
// - the network (loopback.ts): GitHub's and Azure DevOps' OIDC endpoints, Entra ID's token exchange that
//   checks each app's federated subjects, Azure DevOps' REST API, and the Graph double (the demo tenant)
//   as GUESTOPS_GRAPH_URL; Node.js processes reach Entra through network-hook.cjs;
// - the tools (stand-in-tool.cjs): gh, az, pulumi, npm ci and the Pulumi installer, recorded, answering
//   from a table, and failing as the real ones fail without a token, a login or a file.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { PIPELINE_NAMES } from "../../../src/cli/pipeline-names";
import { startGraphDouble, type DoubleOptions, type GraphDouble } from "../../graph-double/graph-double";
import { seedExampleTenant } from "../../graph-double/seed-example";
import { installPacked } from "../../helpers/packed-package";
import { EXAMPLE_ROOT } from "../../helpers/example";
import { startLoopback, type Identity, type Loopback } from "./loopback";
import { run, runWorkflow, type GithubEvent, type RunResult } from "./github-runner";
import { REPOSITORY_ID as AZURE_REPOSITORY_ID, runAzurePipeline, type AzureTrigger } from "./azure-runner";

export const ROOT = join(__dirname, "..", "..", "..");
export const REPOSITORY = "contoso/guest-access";
/**
 * Where every sandboxed bin/guestops keeps its compiled CLI: one build for all sandboxes of this
 * checkout, apart from other checkouts', whose differing sources would replace it.
 */
export const CLI_CACHE = join(tmpdir(), `guestops-sandbox-cli-${createHash("sha256").update(ROOT).digest("hex").slice(0, 12)}`);
export const TENANT_ID = "94064533-4527-47b7-9975-e04a81fb6295";

/** The example's data (from the tests' copy of it, which a fork keeps when it replaces the example with its own tenant). */
const EXAMPLE_FILES = ["stacks", "guests", "people.yaml", "Pulumi.yaml", "Pulumi.prod.yaml", "CODEOWNERS"];
/** The tool, from this checkout, as a tenant repository forked from this one holds it beside the example. */
const TOOL_FILES = ["bin", "src", "schemas", "package.json", "package-lock.json", "tsconfig.json"];
/** The wiring every tenant repository holds: the workflow templates. */
const WORKFLOW_FILES = [".github", "azure-pipelines.yml", ".azure-pipelines"];

const IDENTITY = {
  GIT_AUTHOR_NAME: "Mei Lin",
  GIT_AUTHOR_EMAIL: "mei.lin@contoso.com",
  GIT_COMMITTER_NAME: "GitHub",
  GIT_COMMITTER_EMAIL: "noreply@github.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

/** The deploy identity trusts the production environment; the read identity, preview (PR previews, drift, status). */
export const CLIENTS = { deploy: "11111111-1111-4111-8111-111111111111", read: "22222222-2222-4222-8222-222222222222" };
type Names<K extends keyof typeof PIPELINE_NAMES> = keyof (typeof PIPELINE_NAMES)[K];
/** The GitHub App that opens request pull requests (installed on the repository): its id, private key and installation's permissions. */
export const PR_APP = { id: "1234567", key: "-----BEGIN RSA PRIVATE KEY-----\nsandbox\n-----END RSA PRIVATE KEY-----", login: "contoso-guestops[bot]", permissions: { contents: "write", "pull-requests": "write", metadata: "read" } as Record<string, string> };
/** Repository variables, as Settings → Variables holds them: every one the registry names. */
export const VARS: Record<Names<"repositoryVariables">, string> = { GUESTOPS_CLIENT_ID: CLIENTS.deploy, GUESTOPS_PREVIEW_CLIENT_ID: CLIENTS.read, GUESTOPS_TENANT_ID: TENANT_ID, PULUMI_BACKEND_URL: "azblob://pulumi-state?storage_account=contosoguestopsstate", GUESTOPS_PR_APP_ID: PR_APP.id };
/** Repository secrets: only the pull-request app's private key. */
export const SECRETS: Record<string, string> = { GUESTOPS_PR_APP_KEY: PR_APP.key };
/** Azure DevOps service connections (workload identity federation): name → [id, client]. */
export const SERVICE_CONNECTIONS: Record<Names<"serviceConnections">, [string, string]> = {
  "guestops-production": ["00000000-0000-0000-0000-000000000000", CLIENTS.deploy],
  "guestops-preview": ["33333333-3333-4333-8333-333333333333", CLIENTS.read],
};

export interface PullRequest {
  number: number;
  branch: string;
  author: string;
  head: string;
  /** GitHub's test merge into main, refs/pull/N/merge. */
  merge: string;
  base: string;
}

export interface StandInPullRequest {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  author: string;
  state: "open" | "closed";
  /** False when a workflow's GITHUB_TOKEN opened it: GitHub then starts no workflow for it. */
  triggersWorkflows: boolean;
  edits: number;
  /** Opened from another repository (a fork) whose branch has the same name: gh's isCrossRepository. */
  fromFork?: boolean;
}

export interface GithubState {
  pullRequests: StandInPullRequest[];
  comments: Record<string, { id: number; user: { login: string }; body: string }[]>;
}

export interface Call {
  tool: string;
  argv: string[];
  cwd: string;
  failed?: string;
  [key: string]: unknown;
}

export interface Sandbox {
  dir: string;
  remote: string;
  double: GraphDouble | undefined;
  loopback: Loopback;
  vars: Record<string, string>;
  secrets: Record<string, string>;
  /** GUESTOPS_CACHE_DIR of every job: CLI_CACHE, or a folder of its own for the installed package. */
  cliCache: string;
  /** Commits on main (null deletes a path) and pushes. Returns the new commit. */
  commit(files: Record<string, string | null>, message: string): string;
  pullRequest(p: { number: number; author: string; branch: string; files: Record<string, string | null>; title?: string }): PullRequest;
  review(pr: PullRequest, login: string, state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED", at?: string): void;
  /** Merges with a merge commit (GitHub's subject, or Azure Repos' "Merged PR N: ..."), pushes main, and records what `gh` answers about it. */
  merge(pr: PullRequest, host?: "github" | "azure"): string;
  head(): string;
  /** Runs .github/workflows/<workflow> (or a file at an absolute path) for an event. */
  github(workflow: string, event: GithubEvent): Promise<RunResult>;
  azure(pipeline: string, trigger: AzureTrigger): Promise<RunResult>;
  calls(tool?: string): Call[];
  /** Records a token's permissions (and whose it is: a job's GITHUB_TOKEN is github-actions[bot]'s), for the gh stand-in to check. */
  grantToken(token: string, permissions: Record<string, string>, login?: string): void;
  /** What the gh stand-in holds of GitHub: the pull requests that `gh pr create` opened, and the comments posted on issues. */
  github_state(): GithubState;
  /** An open pull request from a fork's branch of that name, as anyone who can fork may open. */
  forkPullRequest(head: string): number;
  /** An issue as `gh api repos/.../issues/N` answers it. */
  issue(number: number, author: string): void;
  /** A pull request that a workflow opened (gh pr create), with GitHub's test merge, for guestops-pr.yml to run on. */
  openedPullRequest(number: number): PullRequest;
  /** Sets what a stand-in answers: a gh api path, the `pulumi stack export` of a stack, or `az repos pr list`. */
  answer(kind: "gh" | "pulumi" | "az", key: string, value: unknown): void;
  /** The CLI in a full clone of the remote (notes and tags fetched), as an auditor runs it. */
  guestops(args: string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  git(cwd: string, args: string[]): string;
  close(): Promise<void>;
}

/**
 * What every sandboxed step's processes see, on either platform: no system git config, the Graph double,
 * the shared compiled CLI, and Node.js's HTTPS to the internet sent to the loopback stand-in.
 */
export function sandboxedEnv(sb: Pick<Sandbox, "double" | "cliCache" | "loopback">): Record<string, string> {
  return {
    GIT_CONFIG_NOSYSTEM: "1",
    GUESTOPS_GRAPH_URL: sb.double?.url ?? "http://127.0.0.1:9",
    GUESTOPS_CACHE_DIR: sb.cliCache,
    SANDBOX_INTERNET: sb.loopback.address,
    NODE_OPTIONS: `--require ${join(__dirname, "network-hook.cjs")}`,
  };
}

/**
 * An example file as a tenant repository's first commit holds it. A first commit declares no one whose
 * access has already ended (guestops plan refuses a new entry that has expired): the example's
 * henrik.larsen expired in its second commit, so here he is as the first had him.
 */
export function firstCommitText(path: string): string {
  const text = readFileSync(join(EXAMPLE_ROOT, path), "utf8");
  return path === "guests/northwind.yaml" ? text.replace("expires: 2026-11-30", "expires: 2027-01-31") : text;
}

/** The example split into two shards of tenant contoso: files for createSandbox({ files }). */
export function shardedExample(): Record<string, string | null> {
  const shard = shardFile;
  return {
    "stacks/prod.yaml": null,
    "tenants/contoso.yaml": readFileSync(join(EXAMPLE_ROOT, "stacks/prod.yaml"), "utf8"),
    "stacks/contoso-eu.yaml": shard("eu"),
    "stacks/contoso-us.yaml": shard("us"),
    "guests/fabrikam.yaml": null,
    "guests/northwind.yaml": null,
    "guests/eu/fabrikam.yaml": firstCommitText("guests/fabrikam.yaml"),
    "guests/us/northwind.yaml": firstCommitText("guests/northwind.yaml"),
  };
}

/** A shard's stack file of tenant contoso, selecting guests/FOLDER/. */
export function shardFile(folder: string): string {
  return `# yaml-language-server: $schema=../schemas/stack.schema.json\ntenant: contoso\nguestFiles: ["guests/${folder}/**/*.yaml"]\n`;
}

export interface SandboxOptions {
  /** Start the Graph double (the demo tenant); false points GUESTOPS_GRAPH_URL at a closed port. */
  graph?: DoubleOptions | false;
  /** Files of the first commit, over the example's. */
  files?: Record<string, string | null>;
  /**
   * A tenant repository that installs guestops as a package, pinned in its package.json and lock file,
   * rather than a fork: the example's data and wiring only, no bin/ and no src/. Its `npm ci` installs
   * the packed package (test/helpers/packed-package.ts).
   */
  installed?: boolean;
}

/** A node_modules that `npm ci` of an installed-package tenant repository links to; built once per process. */
let installedModules: string | undefined;
function installedNodeModules(): string {
  if (installedModules) return installedModules;
  const dir = mkdtempSync(join(tmpdir(), "guestops-installed-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  installPacked(join(dir, "node_modules"));
  return (installedModules = join(dir, "node_modules"));
}

/** What a tenant repository that installs guestops has instead of the tool's own files. */
const INSTALLED_FILES: Record<string, string> = {
  "package.json": `${JSON.stringify({ name: "contoso-guest-access", private: true, dependencies: { guestops: "0.1.0" } }, null, 2)}\n`,
  "package-lock.json": `${JSON.stringify({ name: "contoso-guest-access", lockfileVersion: 3, requires: true, packages: { "": { name: "contoso-guest-access", dependencies: { guestops: "0.1.0" } }, "node_modules/guestops": { version: "0.1.0" } } }, null, 2)}\n`,
  "Pulumi.yaml": "name: contoso-guest-access\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: node_modules/guestops/src/pulumi/main.js\n",
};

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), "guestops-runner-"));
  const remote = join(dir, "remote.git");
  const seed = join(dir, "seed");
  const state = join(dir, "state");
  let clock = Date.parse("2026-11-20T09:00:00Z");
  const tick = () => new Date((clock += 60_000)).toISOString().replace(/\.\d+Z$/, "Z");
  const git = (cwd: string, args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...IDENTITY, GIT_AUTHOR_DATE: tick(), GIT_COMMITTER_DATE: tick() } }).trim();

  // The tenant repository: one commit on main, pushed to a bare remote that serves any commit by id.
  mkdirSync(seed, { recursive: true });
  for (const f of options.installed ? WORKFLOW_FILES : [...TOOL_FILES, ...WORKFLOW_FILES]) cpSync(join(ROOT, f), join(seed, f), { recursive: true });
  for (const f of options.installed ? EXAMPLE_FILES.filter((e) => e !== "Pulumi.yaml") : EXAMPLE_FILES) cpSync(join(EXAMPLE_ROOT, f), join(seed, f), { recursive: true });
  if (options.installed) apply(seed, INSTALLED_FILES);
  writeFileSync(join(seed, "guests", "northwind.yaml"), firstCommitText("guests/northwind.yaml"));
  apply(seed, options.files ?? {});
  git(seed, ["init", "-q", "-b", "main"]);
  git(seed, ["add", "-A"]);
  git(seed, ["commit", "-q", "-m", "Contoso's guest access, from the guestops example"]);
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", remote]);
  git(remote, ["config", "uploadpack.allowAnySHA1InWant", "true"]);
  git(seed, ["remote", "add", "origin", remote]);
  git(seed, ["push", "-q", "origin", "main"]);

  const double = options.graph === false ? undefined : await startGraphDouble(seedExampleTenant(EXAMPLE_ROOT), options.graph ?? {});
  const graphToken = double?.token ?? "no-graph";
  // Each identity's federated credentials: its GitHub environment and its service connection.
  const trusts: Record<keyof typeof CLIENTS, [Names<"environments">, Names<"serviceConnections">]> = { deploy: ["production", "guestops-production"], read: ["preview", "guestops-preview"] };
  const identities: Identity[] = Object.entries(trusts).map(([who, [environment, connection]]) => ({
    clientId: CLIENTS[who as keyof typeof CLIENTS],
    tenantId: TENANT_ID,
    subjects: [`repo:${REPOSITORY}:environment:${environment}`, `sc://contoso/guest-access/${connection}`],
    graphToken,
  }));
  const loopback = await startLoopback(identities);

  // The stand-ins: gh, az, npm and curl on PATH; pulumi only once a step installs it.
  const tool = join(__dirname, "stand-in-tool.cjs");
  const wrapper = (name: string) => `#!/bin/sh\nSANDBOX_STATE=${JSON.stringify(state)} exec ${JSON.stringify(process.execPath)} ${JSON.stringify(tool)} ${name} "$@"\n`;
  for (const [name, at] of [["gh", "tools/bin"], ["az", "tools/bin"], ["npm", "tools/bin"], ["curl", "tools/bin"], ["pulumi", "tools/pulumi/bin"]] as const) {
    mkdirSync(join(dir, at), { recursive: true });
    writeFileSync(join(dir, at, name), wrapper(name));
    chmodSync(join(dir, at, name), 0o755);
  }
  mkdirSync(state, { recursive: true });
  const answers = { remote, repository: REPOSITORY, tokenLogins: {} as Record<string, string>, internet: loopback.address, nodeModules: options.installed ? installedNodeModules() : join(ROOT, "node_modules"), pulumiStandIn: join(dir, "tools/pulumi/bin/pulumi"), gh: {} as Record<string, unknown>, pulumi: {} as Record<string, unknown>, az: {} as Record<string, unknown>, tokens: {} as Record<string, Record<string, string>> };
  const save = () => writeFileSync(join(state, "answers.json"), JSON.stringify(answers));
  save();
  writeFileSync(join(state, "calls.jsonl"), "");

  const reviews = new Map<number, unknown[]>();
  const setReviews = (n: number) => ((answers.gh[`repos/${REPOSITORY}/pulls/${n}/reviews`] = reviews.get(n) ?? []), save());
  let runs = 0;

  const push = () => git(seed, ["push", "-q", "origin", "main"]);
  const sb: Sandbox = {
    dir,
    remote,
    double,
    loopback,
    vars: { ...VARS },
    secrets: { ...SECRETS },
    // The installed package's sources hash differently: apart, the two builds do not evict each other.
    cliCache: options.installed ? `${CLI_CACHE}-installed` : CLI_CACHE,
    commit(files, message) {
      git(seed, ["checkout", "-q", "main"]);
      apply(seed, files);
      git(seed, ["add", "-A"]);
      git(seed, ["commit", "-q", "--allow-empty", "-m", message]);
      push();
      return git(seed, ["rev-parse", "HEAD"]);
    },
    pullRequest({ number, author, branch, files, title }) {
      git(seed, ["checkout", "-q", "-B", branch, "main"]);
      apply(seed, files);
      git(seed, ["add", "-A"]);
      git(seed, ["commit", "-q", "-m", title ?? `Change from ${author}`]);
      const head = git(seed, ["rev-parse", "HEAD"]);
      git(seed, ["push", "-q", "-f", "origin", branch]);
      const base = git(seed, ["rev-parse", "main"]);
      git(seed, ["checkout", "-q", "--detach", "main"]);
      git(seed, ["merge", "-q", "--no-ff", "-m", `Merge ${head} into ${base}`, branch]);
      const merge = git(seed, ["rev-parse", "HEAD"]);
      git(seed, ["push", "-q", "-f", "origin", `${head}:refs/pull/${number}/head`, `${merge}:refs/pull/${number}/merge`]);
      git(seed, ["checkout", "-q", "main"]);
      answers.gh[`repos/${REPOSITORY}/pulls/${number}`] = { number, user: { login: author }, head: { sha: head }, base: { sha: base } };
      answers.gh[`repos/${REPOSITORY}/issues/${number}/comments`] = [];
      setReviews(number);
      return { number, branch, author, head, merge, base };
    },
    review(pr, login, kind, at) {
      const list = reviews.get(pr.number) ?? [];
      list.push({ id: list.length + 1, user: { login }, state: kind, submitted_at: at ?? tick(), commit_id: pr.head });
      reviews.set(pr.number, list);
      setReviews(pr.number);
    },
    merge(pr, host = "github") {
      git(seed, ["checkout", "-q", "main"]);
      const subject = host === "azure" ? `Merged PR ${pr.number}: Change from ${pr.author}` : `Merge pull request #${pr.number} from contoso/${pr.branch}\n\nChange from ${pr.author}`;
      git(seed, ["merge", "-q", "--no-ff", "-m", subject, pr.branch]);
      push();
      const sha = git(seed, ["rev-parse", "HEAD"]);
      answers.gh[`repos/${REPOSITORY}/commits/${sha}/pulls`] = [{ number: pr.number, merged_at: tick(), user: { login: pr.author } }];
      // Azure DevOps answers which pull request made a merge commit (pullrequestquery, lastMergeCommit).
      loopback.ado.answers.set(`POST /contoso/guest-access/_apis/git/repositories/${AZURE_REPOSITORY_ID}/pullrequestquery`, { queries: [{ type: "lastMergeCommit", items: [sha] }], results: [{ [sha]: [{ pullRequestId: pr.number, status: "completed" }] }] });
      save();
      return sha;
    },
    head: () => git(remote, ["rev-parse", "main"]),
    github: (workflow, event) => runWorkflow(sb, isAbsolute(workflow) ? workflow : join(ROOT, ".github", "workflows", workflow), event, ++runs),
    azure: (pipeline, trigger) => runAzurePipeline(sb, isAbsolute(pipeline) ? pipeline : join(ROOT, pipeline), trigger, ++runs),
    calls(name) {
      const all = readFileSync(join(state, "calls.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Call);
      return name ? all.filter((c) => c.tool === name) : all;
    },
    grantToken(token, permissions, login = "github-actions[bot]") {
      answers.tokens[token] = permissions;
      answers.tokenLogins[token] = login;
      save();
    },
    github_state() {
      const file = join(state, "github.json");
      return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as GithubState) : { pullRequests: [], comments: {} };
    },
    forkPullRequest(head) {
      const g = sb.github_state() as GithubState & { nextComment?: number };
      const number = Math.max(100, ...g.pullRequests.map((p) => p.number)) + 1;
      g.pullRequests.push({ number, head, base: "main", title: "from a fork", body: "<!-- guestops:renewals {\"proposed\":[]} -->", author: "mallory", state: "open", triggersWorkflows: true, edits: 0, fromFork: true });
      writeFileSync(join(state, "github.json"), JSON.stringify({ nextComment: 1, ...g }));
      return number;
    },
    issue(number, author) {
      answers.gh[`repos/${REPOSITORY}/issues/${number}`] = { number, user: { login: author } };
      save();
    },
    openedPullRequest(number) {
      const pr = sb.github_state().pullRequests.find((p) => p.number === number);
      if (!pr) throw new Error(`no pull request #${number} was opened`);
      git(seed, ["fetch", "-q", "origin", `+refs/heads/${pr.head}:refs/remotes/origin/${pr.head}`]);
      const head = git(seed, ["rev-parse", `origin/${pr.head}`]);
      const base = git(seed, ["rev-parse", "main"]);
      git(seed, ["checkout", "-q", "--detach", "main"]);
      git(seed, ["merge", "-q", "--no-ff", "-m", `Merge ${head} into ${base}`, head]);
      const merge = git(seed, ["rev-parse", "HEAD"]);
      git(seed, ["push", "-q", "-f", "origin", `${merge}:refs/pull/${number}/merge`, `${head}:refs/pull/${number}/head`]);
      git(seed, ["checkout", "-q", "main"]);
      // So that sb.merge(pr) merges the pushed branch.
      git(seed, ["branch", "-q", "-f", pr.head, head]);
      answers.gh[`repos/${REPOSITORY}/pulls/${number}`] = { number, user: { login: pr.author }, head: { sha: head, ref: pr.head }, base: { sha: base } };
      setReviews(number);
      return { number, branch: pr.head, author: pr.author, head, merge, base };
    },
    answer(kind, key, value) {
      answers[kind][key] = value;
      save();
    },
    async guestops(args, env = {}) {
      const clone = join(dir, `auditor-${++runs}`);
      execFileSync("git", ["clone", "-q", remote, clone]);
      git(clone, ["fetch", "-q", "origin", "+refs/notes/*:refs/notes/*", "+refs/tags/*:refs/tags/*"]);
      execFileSync("ln", ["-s", answers.nodeModules, join(clone, "node_modules")]);
      const bin = options.installed ? join(clone, "node_modules", ".bin", "guestops") : join(clone, "bin", "guestops");
      // Not a synchronous spawn: a Graph command must reach the double, which answers from this event loop.
      return run(process.execPath, [bin, ...args], clone, { PATH: process.env.PATH ?? "", HOME: dir, GUESTOPS_CACHE_DIR: sb.cliCache, ...env });
    },
    git,
    async close() {
      await double?.close();
      await loopback.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return sb;
}

function apply(root: string, files: Record<string, string | null>): void {
  for (const [path, content] of Object.entries(files)) {
    const file = join(root, path);
    if (content === null) rmSync(file, { recursive: true, force: true });
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }
}


