// The pipeline files users copy: no pull_request_target, minimal permissions on every job, OIDC only for
// deploy and preview jobs, deployments only from main through an environment, installs without scripts,
// and every guestops command line parsed by the CLI's own option tables, so a renamed flag fails here.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/main";
import { testdir } from "../helpers/testdir";
import { azurePipelines, githubWorkflows, guestopsLines, scripts, shellWords, type PipelineFile } from "./pipeline-files";

const all = [...githubWorkflows, ...azurePipelines];

/** Commands other branches add; their lines are parsed once the command exists. A typo is not pending. */
const PENDING = new Set<string>([]);

/** Each job's permissions beyond `contents: read`, and why it may have them. */
const ALLOWED_WRITES: Record<string, Record<string, string>> = {
  // issues: read, for a request's issue, whose author is the request's author.
  "guestops-pr.yml/check": { "pull-requests": "read", issues: "read" },
  "guestops-pr.yml/preview": { "id-token": "write" },
  "guestops-pr-comment.yml/comment": { actions: "read", "pull-requests": "write" },
  "guestops-deploy.yml/record-approvals": { contents: "write", "pull-requests": "read", issues: "read" },
  // The comment on the request; the branch and the pull request are the request app's token's.
  "guestops-request.yml/request": { issues: "write" },
  "guestops-deploy.yml/deploy": { "id-token": "write" },
  "guestops-deploy.yml/record-deploy": { contents: "write" },
  "guestops-deploy-shards.yml/moves": { "id-token": "write" },
  "guestops-deploy-shards.yml/deploy": { "id-token": "write" },
  "guestops-deploy-shards.yml/record-deploy": { contents: "write" },
  "guestops-scheduled.yml/drift": { "id-token": "write" },
  // Pushes the guestops/renewals/* branches and opens their pull requests; reads Graph read-only.
  "guestops-renewals.yml/renewals": { contents: "write", "pull-requests": "write", "id-token": "write" },
};

const jobsOf = (f: PipelineFile) => Object.entries((f.doc.jobs ?? {}) as Record<string, Record<string, any>>);
const name = (f: PipelineFile) => f.path.split("/").pop()!;
const triggers = (f: PipelineFile) => (typeof f.doc.on === "string" ? { [f.doc.on]: null } : (f.doc.on as Record<string, any>));

describe("pipeline files", () => {
  it("exist: PR, comment, deploy and scheduled workflows, and Azure Pipelines", () => {
    expect(githubWorkflows.map(name)).toEqual(["guestops-deploy-shards.yml", "guestops-deploy.yml", "guestops-pr-comment.yml", "guestops-pr.yml", "guestops-renewals.yml", "guestops-request.yml", "guestops-scheduled.yml"]);
    expect(azurePipelines.map((f) => f.path)).toEqual(["azure-pipelines.yml", ".azure-pipelines/guestops-drift.yml", ".azure-pipelines/guestops-renewals.yml"]);
  });

  it.each(all.map((f) => [f.path, f] as const))("%s never uses pull_request_target", (_, f) => {
    expect(f.text).not.toMatch(/pull_request_target/);
  });

  it.each(all.map((f) => [f.path, f] as const))("%s has scripts that bash can parse", (_, f) => {
    for (const script of scripts(f.doc)) expect(() => execFileSync("bash", ["-n"], { input: script, stdio: ["pipe", "ignore", "pipe"] }), script).not.toThrow();
  });

  it.each(all.map((f) => [f.path, f] as const))("%s passes values into scripts only through the environment", (_, f) => {
    // A ${{ }} expression or an Azure $(Variable) macro is pasted into the script before bash reads it:
    // a branch name or title would become code. Values go in through env; only our own constant is a macro.
    for (const script of scripts(f.doc)) {
      expect(script).not.toContain("${{");
      expect(script.match(/\$\([A-Z][A-Za-z]*\.[A-Za-z.]+\)/g) ?? [], script).toEqual([]);
    }
  });

  it.each(all.map((f) => [f.path, f] as const))("%s installs with npm ci --ignore-scripts only", (_, f) => {
    const installs = scripts(f.doc).flatMap((s) => s.split("\n")).filter((l) => /\bnpm (ci|install|i)\b/.test(l));
    // The comment workflow installs nothing: it runs no code from the repository.
    if (!f.path.endsWith("guestops-pr-comment.yml")) expect(installs.length).toBeGreaterThan(0);
    for (const line of installs) expect(line).toMatch(/\bnpm ci --ignore-scripts\b/);
  });
});

describe("which guestops a job runs", () => {
  const installs = all.flatMap((f) => scripts(f.doc).filter((s) => /npm ci --ignore-scripts/.test(s) && /GUESTOPS/.test(s)).map((s, i) => [`${f.path} #${i + 1}`, s] as const));
  const runsGuestops = all.filter((f) => scripts(f.doc).some((s) => guestopsLines(s).length > 0));

  it("each file that runs guestops sets GUESTOPS in its install steps, and names no other path to it", () => {
    for (const f of runsGuestops) {
      expect(installs.some(([where]) => where.startsWith(`${f.path} #`)), f.path).toBe(true);
      expect(f.text, f.path).not.toMatch(/^\s*GUESTOPS:/m);
      const paths = scripts(f.doc).flatMap((s) => s.split("\n")).filter((l) => /bin\/guestops/.test(l) && !/^\s*#/.test(l));
      for (const line of paths) expect(line.trim(), f.path).toMatch(/^if \[ "\$\(.*node -p 'require\("\.\/package\.json"\)\.name'\)" = guestops \]; then bin="[^"]*\/bin\/guestops"; else bin="[^"]*\/node_modules\/\.bin\/guestops"; fi$/);
    }
  });

  /** Runs an install step in `dir` with npm ci left out; returns GUESTOPS as the next steps see it. */
  function install(script: string, dir: string) {
    const env = { PATH: process.env.PATH ?? "", GITHUB_ENV: join(dir, ".github-env"), BUILD_SOURCESDIRECTORY: dir, BUILD_REASON: "IndividualCI", AGENT_TEMPDIRECTORY: dir };
    const r = spawnSync("bash", ["-eo", "pipefail", "-c", script.replace(/^.*npm ci --ignore-scripts.*$/m, ":")], { cwd: dir, env, encoding: "utf8" });
    const github = /^GUESTOPS=(.*)$/m.exec(readFileSync(env.GITHUB_ENV, { encoding: "utf8", flag: "a+" }))?.[1];
    const azure = /^##vso\[task\.setvariable variable=GUESTOPS\](.*)$/m.exec(r.stdout)?.[1];
    return { code: r.status, guestops: github ?? azure, out: r.stdout };
  }
  const executable = (dir: string, path: string) => chmodSync(join(dir, path), 0o755);

  it.each(installs)("%s: bin/guestops in guestops' own repository, node_modules/.bin/guestops in a tenant repository", (_, script) => {
    const tool = testdir({ "package.json": '{ "name": "guestops" }', "bin/guestops": "" });
    executable(tool, "bin/guestops");
    expect(install(script, tool)).toMatchObject({ code: 0, guestops: join(tool, "bin", "guestops") });

    const tenant = testdir({ "package.json": '{ "name": "contoso-guests", "dependencies": { "guestops": "0.1.0" } }', "node_modules/.bin/guestops": "", "bin/guestops": "" });
    executable(tenant, "node_modules/.bin/guestops");
    expect(install(script, tenant)).toMatchObject({ code: 0, guestops: join(tenant, "node_modules", ".bin", "guestops") });

    const unpinned = testdir({ "package.json": '{ "name": "contoso-guests" }' });
    const r = install(script, unpinned);
    expect(r.code).toBe(1);
    expect(r.guestops).toBeUndefined();
    expect(r.out).toContain(`${join(unpinned, "node_modules", ".bin", "guestops")} is missing; add guestops to package.json's dependencies and commit package-lock.json`);
  });
});

describe("GitHub Actions", () => {
  it.each(githubWorkflows.map((f) => [name(f), f] as const))("%s grants nothing at the top and sets minimal permissions on every job", (file, f) => {
    expect(f.doc.permissions).toEqual({});
    for (const [id, job] of jobsOf(f)) {
      expect(job.permissions, `${file}/${id} sets permissions`).toBeTypeOf("object");
      const { contents, ...rest } = job.permissions as Record<string, string>;
      const extra = { ...(contents === undefined || contents === "read" ? {} : { contents }), ...rest };
      expect(extra, `${file}/${id}: permissions beyond contents: read`).toEqual(ALLOWED_WRITES[`${file}/${id}`] ?? {});
    }
  });

  it("the renewal run pushes only its own branches, from main, one run at a time", () => {
    const f = githubWorkflows.find((w) => name(w) === "guestops-renewals.yml")!;
    expect(Object.keys(triggers(f)).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(f.doc.concurrency).toEqual({ group: "guestops-renewals-prod", "cancel-in-progress": false });
    const pushes = scripts(f.doc).flatMap((s) => s.split("\n")).filter((l) => /\bgit push\b/.test(l));
    expect(pushes.map((l) => l.trim())).toEqual(['git push --force-with-lease origin "refs/heads/$branch:refs/heads/$branch"']);
    // The branches come from guestops' manifest, whose every branch is guestops/renewals/<slug>.
    expect(scripts(f.doc).join("\n")).toContain('done < "$out/renewals.tsv"');
  });

  it("id-token: write only on deploy and preview jobs, each in its environment", () => {
    const withToken = githubWorkflows.flatMap((f) => jobsOf(f).filter(([, j]) => j.permissions?.["id-token"] === "write").map(([id, j]) => `${name(f)}/${id} in ${j.environment}`));
    expect(withToken).toEqual(["guestops-deploy-shards.yml/moves in production", "guestops-deploy-shards.yml/deploy in production", "guestops-deploy.yml/deploy in production", "guestops-pr.yml/preview in preview", "guestops-renewals.yml/renewals in preview", "guestops-scheduled.yml/drift in preview"]);
  });

  it("deploys only from main, through the production environment, one at a time", () => {
    const deploying = githubWorkflows.flatMap((f) => jobsOf(f).filter(([, j]) => j.environment === "production").map(([id, j]) => ({ f, id, j })));
    expect(deploying.map(({ f, id }) => `${name(f)}/${id}`)).toEqual(["guestops-deploy-shards.yml/moves", "guestops-deploy-shards.yml/deploy", "guestops-deploy.yml/deploy"]);
    for (const { f, j } of deploying) {
      expect(Object.keys(triggers(f)).sort()).toEqual(["push", "schedule", "workflow_dispatch"]);
      expect(triggers(f).push).toEqual({ branches: ["main"] });
      expect(j.if).toContain("github.ref == 'refs/heads/main'");
      expect(f.doc.concurrency).toEqual({ group: name(f) === "guestops-deploy.yml" ? "guestops-deploy-prod" : "guestops-deploy-shards", "cancel-in-progress": false });
    }
    // Jobs that push to the repository also run only on main.
    for (const f of githubWorkflows) for (const [id, j] of jobsOf(f)) if (j.permissions?.contents === "write") expect(j.if, `${name(f)}/${id}`).toContain("github.ref == 'refs/heads/main'");
  });

  it("the preview runs only for pull requests from this repository", () => {
    const pr = githubWorkflows.find((f) => name(f) === "guestops-pr.yml")!;
    expect(pr.doc.jobs.preview.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(pr.doc.jobs.check.permissions).toEqual({ contents: "read", "pull-requests": "read", issues: "read" });
  });

  it("the comment workflow never checks out or runs pull request code", () => {
    const f = githubWorkflows.find((w) => name(w) === "guestops-pr-comment.yml")!;
    expect(Object.keys(triggers(f))).toEqual(["workflow_run"]);
    const steps = jobsOf(f).flatMap(([, j]) => j.steps as Record<string, any>[]);
    expect(steps.map((s) => s.uses).filter(Boolean)).toEqual(["actions/download-artifact@v4"]);
    const commandsRun = scripts(steps).flatMap((s) => s.split("\n")).map((l) => l.trim().replace(/^[a-z]+="\$\(/, ""));
    for (const line of commandsRun) expect(line).not.toMatch(/^(npm|npx|node|git|bash|sh|source|eval|\.|\.\/|bin\/|"\$GUESTOPS")(\s|$)/);
    expect(commandsRun.some((l) => l.startsWith("gh api"))).toBe(true);
  });

  it("validate and plan run even when validation fails, and the comment is always composed", () => {
    const f = githubWorkflows.find((w) => name(w) === "guestops-pr.yml")!;
    const steps = f.doc.jobs.check.steps as Record<string, any>[];
    for (const id of ["validate", "plan", "approvals"]) expect(steps.find((s) => s.id === id)!.run, id).toMatch(/^set \+e\n/);
    expect(steps.find((s) => /Compose the comment/.test(s.name ?? ""))!.if).toBe("always()");
    expect(steps.find((s) => s.uses?.startsWith("actions/upload-artifact"))!.if).toBe("always()");
  });

  it.each(githubWorkflows.map((f) => [name(f), f] as const))("%s uses the current Node.js LTS line", (_, f) => {
    const setups = jobsOf(f).flatMap(([, j]) => (j.steps as Record<string, any>[]).filter((s) => s.uses?.startsWith("actions/setup-node")));
    if (setups.length > 0) expect(f.doc.env?.NODE_VERSION).toBe("24");
    for (const s of setups) expect(s.with["node-version"]).toBe("${{ env.NODE_VERSION }}");
  });
});

describe("Azure Pipelines", () => {
  const main = azurePipelines[0]!;

  it("deploys only from main, through the production environment, never on a pull request", () => {
    const deploy = (main.doc.stages as Record<string, any>[]).find((s) => s.stage === "Deploy")!;
    expect(deploy.condition).toContain("eq(variables['Build.SourceBranch'], 'refs/heads/main')");
    expect(deploy.condition).toContain("ne(variables['Build.Reason'], 'PullRequest')");
    expect(deploy.jobs.map((j: Record<string, any>) => [j.deployment, j.environment])).toEqual([["up", "production"]]);
  });

  it("only the deployment job uses the production service connection; its status read and drift use the read-only one", () => {
    const subscriptions = (node: unknown, at: string, out: string[] = []): string[] => {
      if (Array.isArray(node)) node.forEach((n, i) => subscriptions(n, `${at}/${i}`, out));
      else if (typeof node === "object" && node !== null)
        for (const [k, v] of Object.entries(node)) {
          if (k === "azureSubscription") out.push(`${at}: ${v}`);
          else subscriptions(v, `${at}/${k}`, out);
        }
      return out;
    };
    expect(subscriptions(main.doc, "")).toEqual([
      expect.stringMatching(/^\/stages\/2\/jobs\/0\/strategy\/runOnce\/deploy\/steps\/\d+\/inputs: guestops-production$/),
      expect.stringMatching(/^\/stages\/2\/jobs\/0\/strategy\/runOnce\/deploy\/steps\/\d+\/inputs: guestops-preview$/),
    ]);
    expect(subscriptions(azurePipelines[1]!.doc, "")).toEqual([expect.stringMatching(/: guestops-preview$/)]);
    expect(subscriptions(azurePipelines[2]!.doc, "")).toEqual([expect.stringMatching(/: guestops-preview$/)]);
  });

  it("uses the current Node.js LTS line", () => {
    for (const f of azurePipelines) expect(f.doc.variables.NODE_VERSION).toBe("24.x");
  });
});

describe("guestops command lines", () => {
  const lines = all.flatMap((f) => scripts(f.doc).flatMap((s) => guestopsLines(s).map((l) => ({ file: f.path, ...l }))));

  it("are found: every file runs guestops, and every command the pipelines need appears", () => {
    for (const f of all) expect(lines.some((l) => l.file === f.path) || f.path.endsWith("guestops-pr-comment.yml"), f.path).toBe(true);
    const used = new Set(lines.map((l) => (l.args[0] === "approvals" && l.args[1] === "record" ? "approvals record" : l.args[0])));
    expect([...used].sort()).toEqual(["approvals", "approvals record", "drift", "forms", "plan", "record-deploy", "renewals", "request", "status", "validate"]);
  });

  it.each(lines.map((l) => [`${l.file}: ${l.line}`, l] as const))("%s", (_, { args }) => {
    const [command, ...rest] = args;
    const cmd = commands[command!];
    if (!cmd) {
      expect(PENDING.has(command!), `unknown command ${command}`).toBe(true);
      return;
    }
    const sub = rest[0] !== undefined && cmd.subcommands?.[rest[0]];
    const { values } = parseArgs({ args: sub ? rest.slice(1) : rest, options: sub || cmd.options, strict: true, allowPositionals: false });
    if (typeof values.format === "string" && !values.format.startsWith("$")) expect(cmd.formats).toContain(values.format);
  });

  it("the finder reads shell as the pipelines write it", () => {
    expect(shellWords(`plan --base "$BASE" --format markdown > plan.md`)).toEqual(["plan", "--base", "$BASE", "--format", "markdown"]);
    expect(shellWords(`plan --base HEAD^1 2> err`)).toEqual(["plan", "--base", "HEAD^1"]);
    expect(guestopsLines(`flags=()\nflags+=(--allow-mass-removal)\n"$GUESTOPS" plan "\${flags[@]}" | tee x`)[0]!.args).toEqual(["plan", "--allow-mass-removal"]);
    expect(guestopsLines(`tag="$("$GUESTOPS" record-deploy --stack "$STACK" --at "$AT")"`)[0]!.args).toEqual(["record-deploy", "--stack", "$STACK", "--at", "$AT"]);
  });

  it("a renamed flag would fail: the parser refuses an option the command does not have", () => {
    expect(() => parseArgs({ args: ["--bsae", "HEAD"], options: commands.plan!.options, strict: true, allowPositionals: false })).toThrow(/--bsae/);
  });
});
