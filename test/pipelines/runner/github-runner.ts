// Runs a GitHub Actions workflow file's jobs in the sandbox: `if:` and `needs:`, matrices, `env:` at
// each level, `run:` steps under bash -eo pipefail as the runner runs them, GITHUB_OUTPUT/ENV/PATH/
// STEP_SUMMARY, workflow commands (::error and friends), and the `uses:` steps the workflows use,
// simulated by what their `with:` asks: a depth-1 checkout is really shallow, azure/login really
// exchanges the job's OIDC token (and fails without `id-token: write` or a federated credential).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { parse } from "yaml";
import { condition, interpolate, interpolateString, type Contexts } from "./expressions";
import type { PullRequest, Sandbox } from "./sandbox";
import { REPOSITORY, PR_APP, sandboxedEnv } from "./sandbox";

export interface GithubEvent {
  event: "pull_request" | "pull_request_review" | "push" | "schedule" | "workflow_dispatch" | "workflow_run" | "issues";
  pr?: PullRequest;
  inputs?: Record<string, unknown>;
  /** workflow_run: the run whose artifacts it downloads. */
  workflowRun?: { id: number; event: string; headSha: string };
  /** issues: the event's payload as GitHub sends it ({ action, issue, ... }); GITHUB_EVENT_PATH holds it. */
  payload?: Record<string, unknown>;
  /** Only these jobs (and what they need) run. */
  jobs?: string[];
}

export interface Annotation {
  level: string;
  title?: string;
  message: string;
}

export interface StepResult {
  name: string;
  id?: string;
  outcome: "success" | "failure" | "skipped";
  code?: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface JobResult {
  result: "success" | "failure" | "skipped";
  steps: StepResult[];
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  /** The step named (or with the id) given; throws when there is none. */
  step(name: string): StepResult;
  /** Each step's outcome, and what failed steps printed: the message of a failed assertion. */
  log(): string;
}

export interface RunResult {
  id: number;
  jobs: Record<string, JobResult>;
  artifacts: string;
}

const runsDir = (sb: Sandbox, id: number) => join(sb.dir, "runs", String(id));

/** A file of an artifact that a run uploaded, such as the PR comment: artifactText(run, "guestops-comment", "body.md"). */
export function artifactText(run: RunResult, name: string, file: string): string {
  return readFileSync(join(run.artifacts, name, file), "utf8");
}

export function jobResult(steps: StepResult[], fields: Omit<JobResult, "steps" | "step" | "log">): JobResult {
  return {
    ...fields,
    steps,
    log: () => steps.map((s) => `${s.outcome.padEnd(7)} ${s.name}${s.outcome === "failure" ? ` (exit ${s.code})\n${s.stdout}${s.stderr}` : ""}`).join("\n"),
    step(name) {
      const s = steps.find((x) => x.name === name || x.id === name || x.name.startsWith(name));
      if (!s) throw new Error(`no step ${name}; the job has ${steps.map((x) => x.name).join(", ")}`);
      return s;
    },
  };
}

const unescape = (v: string) => v.replace(/%3A/gi, ":").replace(/%2C/gi, ",").replace(/%0D/gi, "\r").replace(/%0A/gi, "\n").replace(/%25/g, "%");

/** The runner's workflow commands ::error, ::warning and ::notice, with their properties unescaped. */
export function parseWorkflowCommands(stdout: string): Annotation[] {
  const out: Annotation[] = [];
  for (const m of stdout.matchAll(/^::(error|warning|notice)( [^\n]*?)?::(.*)$/gm)) {
    const props = Object.fromEntries((m[2] ?? "").trim().split(",").filter(Boolean).map((p) => [p.slice(0, p.indexOf("=")), unescape(p.slice(p.indexOf("=") + 1))]));
    out.push({ level: m[1]!, ...(props.title !== undefined && { title: props.title }), message: unescape(m[3]!) });
  }
  return out;
}

/** name=value lines and name<<DELIMITER blocks, as the runner reads GITHUB_OUTPUT and GITHUB_ENV. */
export function parseKeyFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const lines = readFileSync(path, "utf8").split("\n");
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (lines[i]!.includes("=")) out[lines[i]!.slice(0, lines[i]!.indexOf("="))] = lines[i]!.slice(lines[i]!.indexOf("=") + 1);
  }
  return out;
}

/**
 * A process run without blocking: the loopback services and the Graph double answer from this same
 * event loop, so a synchronous spawn would wait for answers that can never come.
 */
export function run(command: string, args: string[], cwd: string, env: Record<string, string>, timeoutMs = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => ((stderr += String(err)), undefined));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

function git(cwd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" } });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

export async function runWorkflow(sb: Sandbox, file: string, event: GithubEvent, id: number): Promise<RunResult> {
  const doc = parse(readFileSync(file, "utf8")) as Record<string, any>;
  const triggers = typeof doc.on === "string" ? { [doc.on]: {} } : (doc.on as Record<string, unknown>);
  if (!(event.event in triggers)) throw new Error(`${file} is not triggered by ${event.event}`);
  const pr = event.pr;
  const onPr = event.event === "pull_request" || event.event === "pull_request_review";
  if (onPr && !pr) throw new Error("a pull_request event needs its pull request");
  const sha = onPr ? pr!.merge : (event.workflowRun?.headSha ?? sb.head());
  const github = {
    event_name: event.event,
    ref: onPr ? `refs/pull/${pr!.number}/merge` : "refs/heads/main",
    sha,
    repository: REPOSITORY,
    repository_owner: "contoso",
    server_url: "https://github.com",
    run_id: String(id),
    actor: pr?.author ?? "mei-lin-contoso",
    event: {
      repository: { full_name: REPOSITORY, default_branch: "main" },
      ...event.payload,
      ...(pr && { pull_request: { number: pr.number, base: { sha: pr.base, ref: "main" }, head: { sha: pr.head, ref: pr.branch, repo: { full_name: REPOSITORY } }, user: { login: pr.author } } }),
      ...(event.workflowRun && { workflow_run: { id: event.workflowRun.id, event: event.workflowRun.event, head_sha: event.workflowRun.headSha } }),
      ...(event.inputs && { inputs: event.inputs }),
    },
  };
  const inputs = Object.fromEntries(Object.entries(((triggers.workflow_dispatch as any)?.inputs ?? {}) as Record<string, any>).map(([k, v]) => [k, event.inputs?.[k] ?? v.default ?? ""]));
  const results: Record<string, JobResult> = {};
  const needsOf = (job: Record<string, any>): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
  const wanted = new Set<string>();
  const want = (name: string) => {
    wanted.add(name);
    needsOf(doc.jobs[name]).forEach(want);
  };
  (event.jobs ?? Object.keys(doc.jobs)).forEach(want);

  for (const [name, job] of Object.entries(doc.jobs as Record<string, Record<string, any>>)) {
    if (!wanted.has(name)) continue;
    const needs = Object.fromEntries(needsOf(job).map((n) => [n, { result: results[n]?.result ?? "skipped", outputs: results[n]?.outputs ?? {} }]));
    const base: Contexts = { github, vars: sb.vars, inputs, needs, env: {}, secrets: sb.secrets, failed: Object.values(needs).some((n) => n.result === "failure"), skippedNeeds: Object.values(needs).some((n) => n.result === "skipped") };
    const matrix = job.strategy?.matrix as Record<string, unknown> | undefined;
    const combos: Record<string, unknown>[] = matrix ? expand(matrix, base) : [{}];
    for (const combo of combos) {
      const key = matrix ? `${name} (${Object.values(combo).join(", ")})` : name;
      results[key] = await runJob(sb, doc, job, { ...base, matrix: combo }, id, key);
    }
    if (matrix) {
      const all = combos.map((c) => results[`${name} (${Object.values(c).join(", ")})`]!);
      results[name] = jobResult([], { result: all.length === 0 ? "skipped" : all.every((r) => r.result === "success") ? "success" : all.some((r) => r.result === "failure") ? "failure" : "skipped", outputs: {}, summary: all.map((r) => r.summary).join(""), annotations: all.flatMap((r) => r.annotations) });
    }
  }
  return { id, jobs: results, artifacts: join(runsDir(sb, id), "artifacts") };
}

function expand(matrix: Record<string, unknown>, ctx: Contexts): Record<string, unknown>[] {
  if (!condition(undefined, ctx)) return [];
  let combos: Record<string, unknown>[] = [{}];
  for (const [k, v] of Object.entries(matrix)) {
    const values = interpolate(v, ctx);
    if (!Array.isArray(values)) throw new Error(`matrix.${k} is not a list: ${JSON.stringify(values)}`);
    combos = combos.flatMap((c) => values.map((x) => ({ ...c, [k]: x })));
  }
  return combos;
}

async function runJob(sb: Sandbox, doc: Record<string, any>, job: Record<string, any>, base: Contexts, runId: number, key: string): Promise<JobResult> {
  const skipped = () => jobResult([], { result: "skipped", outputs: {}, summary: "", annotations: [] });
  if (!condition(job.if, base)) return skipped();
  const root = join(runsDir(sb, runId), "jobs", key.replace(/[^\w.-]+/g, "_"));
  const workspace = join(root, "work");
  const home = join(root, "home");
  const temp = join(root, "temp");
  for (const d of [workspace, home, temp]) mkdirSync(d, { recursive: true });
  writeFileSync(join(home, ".gitconfig"), "");
  // The event's payload, as the runner writes it for GITHUB_EVENT_PATH.
  writeFileSync(join(temp, "event.json"), JSON.stringify((base.github as { event: unknown }).event));
  // The job's GITHUB_TOKEN carries the job's permissions, which the gh stand-in checks.
  const permissions = (job.permissions ?? {}) as Record<string, string>;
  const token = `ghs_${runId}_${key.replace(/\W+/g, "_")}`;
  sb.grantToken(token, permissions);
  const github = { ...(base.github as Record<string, unknown>), workspace, job: key, token };
  const runner = { temp, os: "Linux", arch: "X64" };
  const ctx: Contexts = { ...base, github, runner, steps: {}, job: {} };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries((doc.env ?? {}) as Record<string, unknown>)) env[k] = interpolateString(v, { ...ctx, env: {} });
  for (const [k, v] of Object.entries((job.env ?? {}) as Record<string, unknown>)) env[k] = interpolateString(v, { ...ctx, env });
  ctx.env = env;

  // The runner's own variables. The OIDC request pair exists only with `id-token: write`.
  const gh = github as Record<string, any>;
  const runnerEnv: Record<string, string> = {
    PATH: `${join(sb.dir, "tools", "bin")}:${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    LANG: "C.UTF-8",
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: gh.event_name,
    GITHUB_REF: gh.ref,
    GITHUB_SHA: gh.sha,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_SERVER_URL: gh.server_url,
    GITHUB_RUN_ID: gh.run_id,
    GITHUB_EVENT_PATH: join(temp, "event.json"),
    RUNNER_TEMP: temp,
    RUNNER_OS: "Linux",
    ...sandboxedEnv(sb),
  };
  if (job.permissions?.["id-token"] === "write") {
    const subject = job.environment ? `repo:${REPOSITORY}:environment:${typeof job.environment === "string" ? job.environment : job.environment.name}` : gh.event_name === "pull_request" ? `repo:${REPOSITORY}:pull_request` : `repo:${REPOSITORY}:ref:${gh.ref}`;
    const oidc = sb.loopback.githubOidc(subject);
    runnerEnv.ACTIONS_ID_TOKEN_REQUEST_URL = oidc.url;
    runnerEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN = oidc.token;
  }
  const extraPath: string[] = [];
  const extraEnv: Record<string, string> = {};
  const steps: StepResult[] = [];
  const annotations: Annotation[] = [];
  let summary = "";
  let failed = false;

  for (const [index, step] of (job.steps as Record<string, any>[]).entries()) {
    // A step judges only the steps before it: the needed jobs decided whether the job runs at all.
    const stepCtx: Contexts = { ...ctx, failed, skippedNeeds: false };
    const name = step.name ?? step.uses ?? `Run ${String(step.run).split("\n")[0]}`;
    if (!condition(step.if, stepCtx)) {
      steps.push({ name, id: step.id, outcome: "skipped", stdout: "", stderr: "", outputs: {} });
      if (step.id) (ctx.steps as Record<string, unknown>)[step.id] = { outcome: "skipped", conclusion: "skipped", outputs: {} };
      continue;
    }
    const stepEnv: Record<string, string> = { ...env, ...extraEnv };
    for (const [k, v] of Object.entries((step.env ?? {}) as Record<string, unknown>)) stepEnv[k] = interpolateString(v, { ...stepCtx, env: stepEnv });
    const files = { output: join(temp, `_output_${index}`), env: join(temp, `_env_${index}`), path: join(temp, `_path_${index}`), summary: join(temp, `_summary_${index}`) };
    for (const f of Object.values(files)) writeFileSync(f, "");
    const processEnv = {
      ...runnerEnv,
      ...stepEnv,
      PATH: [...extraPath, runnerEnv.PATH].join(":"),
      GITHUB_OUTPUT: files.output,
      GITHUB_ENV: files.env,
      GITHUB_PATH: files.path,
      GITHUB_STEP_SUMMARY: files.summary,
    };
    let result: { code: number; stdout: string; stderr: string };
    if (step.run !== undefined) {
      const cwd = step["working-directory"] ? join(workspace, interpolateString(step["working-directory"], stepCtx)) : workspace;
      if (!existsSync(cwd)) result = { code: 1, stdout: "", stderr: `An error occurred trying to start process '/usr/bin/bash' with working directory '${cwd}'. No such file or directory` };
      else {
        result = await run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", String(step.run)], cwd, processEnv);
      }
    } else if (step.uses) {
      const withValues = Object.fromEntries(Object.entries((step.with ?? {}) as Record<string, unknown>).map(([k, v]) => [k, interpolateString(v, stepCtx)]));
      result = await action(sb, String(step.uses), withValues, { workspace, home, temp, runId, processEnv, github: gh, permissions });
    } else throw new Error(`a step with neither run nor uses: ${JSON.stringify(step)}`);

    const outputs = parseKeyFile(files.output);
    Object.assign(extraEnv, parseKeyFile(files.env));
    extraPath.unshift(...readFileSync(files.path, "utf8").split("\n").filter(Boolean).reverse());
    summary += readFileSync(files.summary, "utf8");
    annotations.push(...parseWorkflowCommands(result.stdout));
    const outcome = result.code === 0 ? "success" : "failure";
    if (outcome === "failure") failed = true;
    steps.push({ name, id: step.id, outcome, code: result.code, stdout: result.stdout, stderr: result.stderr, outputs });
    if (step.id) (ctx.steps as Record<string, unknown>)[step.id] = { outcome, conclusion: outcome, outputs };
  }
  const outputs = Object.fromEntries(Object.entries((job.outputs ?? {}) as Record<string, unknown>).map(([k, v]) => [k, interpolateString(v, { ...ctx, failed })]));
  return jobResult(steps, { result: failed ? "failure" : "success", outputs, summary, annotations });
}

interface ActionContext {
  permissions: Record<string, string>;
  workspace: string;
  home: string;
  temp: string;
  runId: number;
  processEnv: Record<string, string>;
  github: Record<string, any>;
}

const ok = (stdout = "") => ({ code: 0, stdout, stderr: "" });
const failure = (stderr: string) => ({ code: 1, stdout: `::error::${stderr}\n`, stderr });

async function action(sb: Sandbox, uses: string, w: Record<string, string>, a: ActionContext): Promise<{ code: number; stdout: string; stderr: string }> {
  const [name] = uses.split("@");
  const at = (p: string) => (isAbsolute(p) ? p : join(a.workspace, p));
  switch (name) {
    case "actions/checkout": {
      const dir = at(w.path ?? "");
      mkdirSync(dir, { recursive: true });
      const depth = Number(w["fetch-depth"] ?? 1);
      const onPr = a.github.event_name === "pull_request" || a.github.event_name === "pull_request_review";
      const ref = w.ref || (onPr ? a.github.ref : a.github.sha);
      const local = ref.startsWith("refs/pull/") ? ref.replace(/^refs\/pull/, "refs/remotes/pull") : ref;
      const steps: string[][] = [["init", "-q"], ["remote", "add", "origin", `file://${sb.remote}`]];
      if (depth === 0) steps.push(["fetch", "-q", "--prune", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*", ...(local !== ref ? [`+${ref}:${local}`] : [])]);
      else steps.push(...(w["fetch-tags"] === "true" ? [["fetch", "-q", `--depth=${depth}`, "origin", "+refs/tags/*:refs/tags/*"]] : []), ["fetch", "-q", "--no-tags", `--depth=${depth}`, "origin", ref]);
      const target = depth === 0 ? local : "FETCH_HEAD";
      steps.push(onPr || w.ref ? ["checkout", "-q", "--detach", target] : ["checkout", "-q", "-B", "main", target]);
      for (const args of steps) {
        const r = git(dir, args);
        if (!r.ok) return failure(`git ${args.join(" ")}: ${r.out}`);
      }
      // Without persisted credentials, the clone cannot reach a private remote again.
      if (w["persist-credentials"] === "false") git(dir, ["remote", "set-url", "origin", "https://github.com/contoso/guest-access.git.invalid-without-credentials"]);
      // The persisted token pushes only with `contents: write`.
      else if (a.permissions.contents !== "write") git(dir, ["remote", "set-url", "--push", "origin", "https://github.com/contoso/guest-access.git.invalid-read-only-token"]);
      return ok();
    }
    case "actions/setup-node": {
      if (!w["node-version"]) return failure("setup-node: no node-version given");
      if (w.cache === "npm") {
        const lock = at(w["cache-dependency-path"] ?? "package-lock.json");
        if (!existsSync(lock)) return failure(`Dependencies lock file is not found in ${a.workspace}. Supported file patterns: package-lock.json,npm-shrinkwrap.json,yarn.lock`);
      }
      return ok();
    }
    case "actions/upload-artifact": {
      const from = at(w.path!);
      const to = join(runsDir(sb, a.runId), "artifacts", w.name!);
      if (!existsSync(from)) return ok(`::warning::No files were found with the provided path: ${w.path}. No artifacts will be uploaded.\n`);
      mkdirSync(to, { recursive: true });
      cpSync(from, statSync(from).isDirectory() ? to : join(to, from.split("/").pop()!), { recursive: true });
      return ok();
    }
    case "actions/download-artifact": {
      const from = join(runsDir(sb, w["run-id"] ? Number(w["run-id"]) : a.runId), "artifacts", w.name!);
      if (!existsSync(from)) return failure(`Unable to download artifact(s): Artifact not found for name: ${w.name}`);
      cpSync(from, at(w.path ?? ""), { recursive: true });
      return ok();
    }
    case "azure/login": {
      const url = a.processEnv.ACTIONS_ID_TOKEN_REQUEST_URL;
      if (!w["client-id"] || !w["tenant-id"]) return failure("Using auth-type: SERVICE_PRINCIPAL. Not all values are present. Ensure 'client-id' and 'tenant-id' are supplied.");
      if (!url) return failure("Please make sure to give write permissions to id-token in the workflow.");
      const r = await fetch(`${url}&audience=api://AzureADTokenExchange`, { headers: { authorization: `bearer ${a.processEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } });
      const assertion = ((await r.json()) as { value?: string }).value;
      if (!assertion) return failure(`Failed to get federated token: ${r.status}`);
      try {
        const graphToken = sb.loopback.exchange(w["client-id"], w["tenant-id"], assertion, "https://graph.microsoft.com/.default");
        mkdirSync(join(a.home, ".azure"), { recursive: true });
        writeFileSync(join(a.home, ".azure", "sandbox-session.json"), JSON.stringify({ clientId: w["client-id"], tenantId: w["tenant-id"], graphToken }));
        return ok("Login successful.\n");
      } catch (err) {
        return failure(`Az CLI Login failed. ${(err as Error).message}`);
      }
    }
    case "actions/create-github-app-token": {
      // An installation token of the sandbox's pull-request app, with the permissions asked for (or all the
      // app's), for this repository; pushing with it works only with contents: write.
      if (!w["app-id"] || !w["private-key"]) return failure("[@octokit/auth-app] appId option is required");
      if (w["app-id"] !== PR_APP.id || w["private-key"] !== PR_APP.key) return failure("Failed to create token for \"guest-access\" (attempt 1): A JSON web token could not be decoded");
      const asked = Object.fromEntries(Object.entries(w).filter(([k]) => k.startsWith("permission-")).map(([k, v]) => [k.slice("permission-".length), v]));
      const permissions = Object.keys(asked).length > 0 ? asked : PR_APP.permissions;
      const token = `ghs_app_${a.runId}_${Math.random().toString(36).slice(2, 10)}`;
      sb.grantToken(token, permissions, PR_APP.login);
      writeFileSync(a.processEnv.GITHUB_OUTPUT!, `token=${token}\n`, { flag: "a" });
      if (permissions.contents === "write") writeFileSync(join(a.home, ".gitconfig"), `[url "file://${sb.remote}"]\n\tinsteadOf = https://x-access-token:${token}@github.com/${REPOSITORY}.git\n`, { flag: "a" });
      return ok(`::add-mask::${token}\n`);
    }
    case "pulumi/actions": {
      const bin = join(sb.dir, "tools", "pulumi", "bin");
      if (!w.command) return (writeFileSync(a.processEnv.GITHUB_PATH!, `${bin}\n`, { flag: "a" }), ok());
      const args = [w.command, "--stack", w["stack-name"] ?? "", "--non-interactive", ...(w.command === "up" ? ["--yes"] : [])];
      return run(join(bin, "pulumi"), args, w["work-dir"] ? at(w["work-dir"]) : a.workspace, a.processEnv);
    }
    default:
      throw new Error(`the sandbox does not simulate ${uses}; add it to github-runner.ts`);
  }
}
