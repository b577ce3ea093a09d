// Runs an Azure Pipelines YAML file in the sandbox: stages, jobs and deployment jobs, `condition:` in the
// subset the files use (and, or, not, eq, ne, always, succeeded, failed, variables['X']), `${{
// parameters.x }}` template expressions, `$(Var)` macros, variables as environment (Build.Reason →
// BUILD_REASON), `##vso[...]` logging commands, and the steps the files use: checkout (shallow at depth 1
// unless fetchDepth says otherwise, as for new pipelines), bash, UseNode@1, publish, and AzureCLI@2,
// which signs in through the named service connection's workload identity federation and gives its
// script servicePrincipalId, tenantId and idToken; outside it no Azure credential exists.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { jobResult, run, type Annotation, type JobResult, type RunResult, type StepResult } from "./github-runner";
import { REPOSITORY, sandboxedEnv, SERVICE_CONNECTIONS, TENANT_ID, type PullRequest, type Sandbox } from "./sandbox";

export interface AzureTrigger {
  reason: "PullRequest" | "IndividualCI" | "Schedule" | "Manual";
  pr?: PullRequest;
  parameters?: Record<string, unknown>;
}

export const REPOSITORY_ID = "5a4b1c9e-0f6d-4f7e-9f59-2b1f1b8c6d10";

/** Azure's condition language, for the subset in the shipped files. */
export function azureCondition(text: string | undefined, vars: Record<string, string>, failed: boolean, dependencies: Record<string, string> = {}): boolean {
  if (text === undefined) return !failed;
  let pos = 0;
  const src = text.trim();
  const skip = () => {
    while (/\s/.test(src[pos] ?? "")) pos++;
  };
  const value = (): unknown => {
    skip();
    if (src[pos] === "'") {
      const end = src.indexOf("'", pos + 1);
      const s = src.slice(pos + 1, end);
      pos = end + 1;
      return s;
    }
    const name = /^[A-Za-z_][\w.]*/.exec(src.slice(pos))?.[0];
    if (!name) throw new Error(`cannot read the condition at ${pos}: ${text}`);
    pos += name.length;
    skip();
    if (name === "variables" && src[pos] === "[") {
      pos++;
      const key = String(value());
      skip();
      pos++; // ]
      const found = Object.entries(vars).find(([k]) => k.toLowerCase() === key.toLowerCase());
      return found ? found[1] : "";
    }
    if (/^(true|false)$/i.test(name)) return name.toLowerCase() === "true";
    // A stage condition's dependencies.<stage>.result: Succeeded, Failed or Skipped.
    const dependency = /^dependencies\.(\w+)\.result$/.exec(name);
    if (dependency) {
      if (!(dependency[1]! in dependencies)) throw new Error(`${dependency[1]} is not a stage this one depends on: ${text}`);
      return dependencies[dependency[1]!];
    }
    if (src[pos] !== "(") throw new Error(`unknown name ${name} in condition: ${text}`);
    pos++;
    const args: unknown[] = [];
    skip();
    while (src[pos] !== ")") {
      args.push(value());
      skip();
      if (src[pos] === ",") pos++;
      skip();
    }
    pos++;
    const eq = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();
    switch (name.toLowerCase()) {
      case "and":
        return args.every(Boolean);
      case "or":
        return args.some(Boolean);
      case "not":
        return !args[0];
      case "eq":
        return eq(args[0], args[1]);
      case "ne":
        return !eq(args[0], args[1]);
      case "in":
        return args.slice(1).some((a) => eq(args[0], a));
      case "always":
        return true;
      case "succeeded":
        return !failed;
      case "failed":
        return failed;
      default:
        throw new Error(`unknown function ${name}() in condition: ${text}`);
    }
  };
  const result = value();
  skip();
  if (pos !== src.length) throw new Error(`unexpected ${src.slice(pos)} in condition: ${text}`);
  return Boolean(result);
}

const envName = (name: string) => name.replace(/\./g, "_").toUpperCase();
const macros = (text: string, vars: Record<string, string>) =>
  text.replace(/\$\(([A-Za-z_][\w.]*)\)/g, (m, name: string) => {
    const found = Object.entries(vars).find(([k]) => k.toLowerCase() === name.toLowerCase());
    return found ? found[1] : m;
  });

export async function runAzurePipeline(sb: Sandbox, file: string, trigger: AzureTrigger, id: number): Promise<RunResult> {
  let text = readFileSync(file, "utf8");
  const params = (parse(text) as Record<string, any>).parameters as { name: string; default: unknown }[] | undefined;
  const values = Object.fromEntries((params ?? []).map((p) => [p.name, trigger.parameters?.[p.name] ?? p.default]));
  text = text.replace(/\$\{\{\s*parameters\.(\w+)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`unknown parameter ${name} in ${file}`);
    const v = values[name];
    return typeof v === "boolean" ? (v ? "True" : "False") : String(v);
  });
  if (text.includes("${{")) throw new Error(`${file}: a template expression the sandbox does not evaluate: ${/\$\{\{[^}]*\}\}/.exec(text)![0]}`);
  const doc = parse(text) as Record<string, any>;
  const pr = trigger.pr;
  if (trigger.reason === "PullRequest" && !pr) throw new Error("a PullRequest build needs its pull request");
  const runDir = join(sb.dir, "runs", String(id));
  const vars: Record<string, string> = {
    ...Object.fromEntries(Object.entries((doc.variables ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    "Build.Reason": trigger.reason,
    "Build.SourceBranch": pr ? `refs/pull/${pr.number}/merge` : "refs/heads/main",
    "Build.SourceVersion": pr ? pr.merge : sb.head(),
    "Build.Repository.ID": REPOSITORY_ID,
    "Build.Repository.Name": REPOSITORY.split("/")[1]!,
    "Build.BuildId": String(id),
    "System.CollectionUri": "https://dev.azure.com/contoso/",
    "System.TeamProject": "guest-access",
    ...(pr && { "System.PullRequest.PullRequestId": String(pr.number), "System.PullRequest.IsFork": "False" }),
  };
  const results: Record<string, JobResult> = {};
  const stages = (doc.stages as Record<string, any>[] | undefined) ?? [{ stage: "__default", jobs: doc.jobs }];
  const stageFailed: Record<string, boolean> = {};
  const stageResult: Record<string, "Succeeded" | "Failed" | "Skipped"> = {};
  for (const stage of stages) {
    const deps = stage.dependsOn === undefined ? [] : [stage.dependsOn].flat();
    const failed = deps.some((d: string) => stageFailed[d] !== false);
    if (!azureCondition(stage.condition, vars, failed, Object.fromEntries(deps.map((d: string) => [d, stageResult[d] ?? "Skipped"])))) {
      stageFailed[stage.stage] = true;
      stageResult[stage.stage] = "Skipped";
      continue;
    }
    let anyFailed = false;
    for (const job of stage.jobs as Record<string, any>[]) {
      const name = job.job ?? job.deployment;
      const steps = job.steps ?? job.strategy?.runOnce?.deploy?.steps;
      if (!azureCondition(job.condition, vars, false)) {
        results[name] = jobResult([], { result: "skipped", outputs: {}, summary: "", annotations: [] });
        continue;
      }
      results[name] = await runJob(sb, steps, vars, join(runDir, "jobs", name), runDir, pr);
      if (results[name].result === "failure") anyFailed = true;
    }
    stageFailed[stage.stage] = anyFailed;
    stageResult[stage.stage] = anyFailed ? "Failed" : "Succeeded";
  }
  return { id, jobs: results, artifacts: join(runDir, "artifacts") };
}

async function runJob(sb: Sandbox, steps: Record<string, any>[], pipelineVars: Record<string, string>, root: string, runDir: string, pr: PullRequest | undefined): Promise<JobResult> {
  const sources = join(root, "s");
  const staging = join(root, "a");
  const temp = join(root, "_temp");
  const home = join(root, "home");
  for (const d of [sources, staging, temp, home]) mkdirSync(d, { recursive: true });
  writeFileSync(join(home, ".gitconfig"), "");
  const connections = Object.fromEntries(Object.entries(SERVICE_CONNECTIONS).map(([name, [cid]]) => [cid, name]));
  const oidc = sb.loopback.azureOidc(connections);
  const vars: Record<string, string> = {
    ...pipelineVars,
    "Build.SourcesDirectory": sources,
    "Build.ArtifactStagingDirectory": staging,
    "Agent.TempDirectory": temp,
    "System.OidcRequestUri": oidc.uri,
    "System.AccessToken": oidc.token,
  };
  const secret = new Set(["System.AccessToken"]);
  const path = [join(sb.dir, "tools", "bin"), "/usr/local/bin", "/usr/bin", "/bin"];
  const results: StepResult[] = [];
  const annotations: Annotation[] = [];
  let summary = "";
  let failed = false;

  for (const step of steps) {
    const name = step.displayName ?? step.task ?? (step.checkout ? `Checkout ${step.checkout}` : step.publish ? `Publish ${step.artifact}` : String(step.bash).split("\n")[0]);
    if (!azureCondition(step.condition, vars, failed)) {
      results.push({ name, outcome: "skipped", stdout: "", stderr: "", outputs: {} });
      continue;
    }
    const env: Record<string, string> = {
      ...Object.fromEntries(Object.entries(vars).filter(([k]) => !secret.has(k)).map(([k, v]) => [envName(k), v])),
      PATH: [...path, `${process.execPath.replace(/\/node$/, "")}`].join(":"),
      HOME: home,
      LANG: "C.UTF-8",
      TF_BUILD: "True",
      ...sandboxedEnv(sb),
    };
    for (const [k, v] of Object.entries((step.env ?? {}) as Record<string, unknown>)) env[k] = macros(String(v), vars);
    let result: { code: number; stdout: string; stderr: string };
    if (step.checkout === "none") result = { code: 0, stdout: "", stderr: "" };
    else if (step.checkout !== undefined) result = await checkout(sb, sources, step, pr);
    else if (step.task === "UseNode@1") result = { code: 0, stdout: "", stderr: "" };
    else if (step.bash !== undefined) result = await run("bash", ["--noprofile", "--norc", "-c", macros(String(step.bash), vars)], sources, env);
    else if (step.publish !== undefined) {
      const from = macros(String(step.publish), vars);
      if (existsSync(from)) cpSync(from, join(runDir, "artifacts", step.artifact), { recursive: statSync(from).isDirectory() });
      result = existsSync(from) ? { code: 0, stdout: "", stderr: "" } : { code: 1, stdout: "", stderr: `Path does not exist: ${from}` };
    } else if (step.task === "AzureCLI@2") result = await azureCli(sb, step.inputs as Record<string, string>, vars, env, sources, home);
    else throw new Error(`the sandbox does not simulate this step: ${JSON.stringify(step).slice(0, 200)}`);

    for (const m of result.stdout.matchAll(/^##vso\[([\w.]+)([^\]]*)\](.*)$/gm)) {
      const props = Object.fromEntries(m[2]!.trim().split(";").filter(Boolean).map((p) => p.trim().split("=") as [string, string]));
      if (m[1] === "task.setvariable") vars[props.variable!] = m[3]!;
      else if (m[1] === "task.prependpath") path.unshift(m[3]!);
      else if (m[1] === "task.logissue") annotations.push({ level: props.type ?? "error", message: m[3]! });
      else if (m[1] === "task.uploadsummary") summary += existsSync(m[3]!) ? readFileSync(m[3]!, "utf8") : "";
      else throw new Error(`the sandbox does not know the logging command ##vso[${m[1]}]`);
    }
    const outcome = result.code === 0 ? "success" : "failure";
    if (outcome === "failure") failed = true;
    results.push({ name, outcome, code: result.code, stdout: result.stdout, stderr: result.stderr, outputs: {} });
  }
  return jobResult(results, { result: failed ? "failure" : "success", outputs: {}, summary, annotations });
}

async function checkout(sb: Sandbox, dir: string, step: Record<string, any>, pr: PullRequest | undefined) {
  const depth = Number(step.fetchDepth ?? 1);
  const ref = pr ? `refs/pull/${pr.number}/merge` : sb.head();
  const env = { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
  const tags = step.fetchTags === true ? ["+refs/tags/*:refs/tags/*"] : [];
  for (const args of [
    ["init", "-q"],
    ["remote", "add", "origin", `file://${sb.remote}`],
    ["fetch", "-q", ...(depth > 0 ? [`--depth=${depth}`] : []), ...(tags.length ? [] : ["--no-tags"]), "origin", ...tags, `+${ref}:refs/remotes/origin/build`, ...(depth === 0 ? ["+refs/heads/*:refs/remotes/origin/*"] : [])],
    ["checkout", "-q", "--detach", "refs/remotes/origin/build"],
  ]) {
    const r = await run("git", args, dir, env);
    if (r.code !== 0) return r;
  }
  // Without persistCredentials the job's token is not left in the clone: a push has none.
  if (step.persistCredentials !== true) await run("git", ["remote", "set-url", "--push", "origin", "https://dev.azure.com/contoso/guest-access/_git/guest-access.invalid-without-credentials"], dir, env);
  return { code: 0, stdout: "", stderr: "" };
}

async function azureCli(sb: Sandbox, inputs: Record<string, string>, vars: Record<string, string>, env: Record<string, string>, cwd: string, home: string) {
  const name = macros(inputs.azureSubscription ?? "", vars);
  const connection = SERVICE_CONNECTIONS[name as keyof typeof SERVICE_CONNECTIONS] as [string, string] | undefined;
  if (!connection) return { code: 1, stdout: "", stderr: `##[error]The pipeline is not valid. The service connection ${name} could not be found.` };
  if (inputs.scriptType !== "bash" || inputs.scriptLocation !== "inlineScript") throw new Error("the sandbox runs AzureCLI@2 bash inline scripts only");
  const [connectionId, clientId] = connection;
  // The task's sign-in: the job's OIDC token for this connection, exchanged through its federation.
  const r = await fetch(`http://${sb.loopback.address}/internet/${new URL(vars["System.OidcRequestUri"]!).host}/x?api-version=7.1&serviceConnectionId=${connectionId}`, { method: "POST", headers: { authorization: `Bearer ${vars["System.AccessToken"]}` } });
  const idToken = ((await r.json()) as { oidcToken?: string }).oidcToken ?? "";
  let graphToken: string;
  try {
    graphToken = sb.loopback.exchange(clientId, TENANT_ID, idToken, "https://graph.microsoft.com/.default");
  } catch (err) {
    return { code: 1, stdout: "", stderr: `ERROR: ${(err as Error).message}` };
  }
  const config = join(home, ".azure-task");
  mkdirSync(config, { recursive: true });
  writeFileSync(join(config, "sandbox-session.json"), JSON.stringify({ clientId, tenantId: TENANT_ID, graphToken }));
  const taskEnv = {
    ...env,
    AZURE_CONFIG_DIR: config,
    AZURESUBSCRIPTION_CLIENT_ID: clientId,
    AZURESUBSCRIPTION_TENANT_ID: TENANT_ID,
    AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: connectionId,
    ...(inputs.addSpnToEnvironment === "true" || (inputs.addSpnToEnvironment as unknown) === true ? { servicePrincipalId: clientId, tenantId: TENANT_ID, idToken } : {}),
  };
  const result = await run("bash", ["--noprofile", "--norc", "-c", macros(inputs.inlineScript ?? "", vars)], cwd, taskEnv);
  // The task signs out at its end: later steps have no Azure session.
  rmSync(config, { recursive: true, force: true });
  return result;
}
