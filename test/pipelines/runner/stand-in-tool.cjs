// The tools a hosted runner has and a sandboxed job must not really run: gh, az, pulumi, npm (ci only)
// and curl (the Pulumi installer answered, dev.azure.com sent to the loopback stand-in, other URLs to
// the real curl). Each call is recorded in
// $STATE/calls.jsonl with its argv and the credentials it saw; each answers from $STATE/answers.json or
// fails as the real tool fails for want of a token, a login or a file.
/* global URL, URLSearchParams, fetch */
"use strict";
const { appendFileSync, existsSync, readFileSync, symlinkSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { execFileSync, spawnSync } = require("node:child_process");

const [tool, ...argv] = process.argv.slice(2);
const STATE = process.env.SANDBOX_STATE;
const env = process.env;
const answers = JSON.parse(readFileSync(join(STATE, "answers.json"), "utf8"));
const record = (extra = {}) => appendFileSync(join(STATE, "calls.jsonl"), `${JSON.stringify({ tool, argv, cwd: process.cwd(), ...extra })}\n`);
const fail = (message, code = 1) => {
  record({ failed: message });
  process.stderr.write(`${message}\n`);
  process.exit(code);
};
const session = () => {
  const file = join(env.AZURE_CONFIG_DIR || join(env.HOME, ".azure"), "sandbox-session.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
};
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

async function federated(url, headers, method = "GET") {
  const r = await fetch(url, { method, headers });
  const body = await r.json().catch(() => ({}));
  return r.ok ? body.value || body.oidcToken : undefined;
}

async function exchange(clientId, tenantId, assertion) {
  const r = await fetch(`http://${answers.internet}/internet/login.microsoftonline.com/${tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: clientId, client_assertion: assertion, scope: "https://graph.microsoft.com/.default", grant_type: "client_credentials" }),
  });
  const body = await r.json();
  return r.ok ? undefined : body.error_description;
}

/** What the azuread provider does with ARM_USE_OIDC: a federated token from the CI system, exchanged. */
async function providerCredential() {
  if (env.ARM_USE_OIDC !== "true") return "azuread: ARM_USE_OIDC is not true and no other credential is configured (ARM_USE_CLI=false)";
  if (!env.ARM_CLIENT_ID || !env.ARM_TENANT_ID) return "azuread: ARM_CLIENT_ID and ARM_TENANT_ID must be set";
  let assertion;
  if (env.ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID) {
    if (!env.SYSTEM_ACCESSTOKEN || !env.SYSTEM_OIDCREQUESTURI) return "azuread: SYSTEM_ACCESSTOKEN and SYSTEM_OIDCREQUESTURI are needed for the pipeline's OIDC token";
    const uri = new URL(env.SYSTEM_OIDCREQUESTURI);
    assertion = await federated(`http://${answers.internet}/internet/${uri.host}${uri.pathname}?api-version=7.1&serviceConnectionId=${env.ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID}`, { authorization: `Bearer ${env.SYSTEM_ACCESSTOKEN}` }, "POST");
  } else {
    const url = env.ARM_OIDC_REQUEST_URL || env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const token = env.ARM_OIDC_REQUEST_TOKEN || env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!url || !token) return "azuread: OIDC is on but no ID token request URL and token are set (the job needs id-token: write)";
    assertion = await federated(`${url}&audience=api://AzureADTokenExchange`, { authorization: `bearer ${token}` });
  }
  if (!assertion) return "azuread: the CI system refused the ID token request";
  const refused = await exchange(env.ARM_CLIENT_ID, env.ARM_TENANT_ID, assertion);
  return refused && `azuread: ${refused}`;
}

async function pulumi() {
  const [command] = argv;
  if (command === "version") return void process.stdout.write("v3.248.0\n");
  const backend = env.PULUMI_BACKEND_URL;
  if (!backend) fail("error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions");
  if (backend.startsWith("azblob://") && !session() && !env.AZURE_STORAGE_KEY) fail("error: failed to open bucket azblob://...: DefaultAzureCredential: failed to acquire a token (az login, or AZURE_STORAGE_KEY)");
  if (!existsSync(join(process.cwd(), "Pulumi.yaml"))) fail("error: no Pulumi.yaml project file found (searching upwards from the working directory)");
  if (command === "state" && argv[1] === "move") {
    if (!option("--source") || !option("--dest")) fail("error: pulumi state move needs --source and --dest");
    return void record({ stack: option("--source") });
  }
  const stack = option("--stack") ?? option("-s");
  if (!stack) fail("error: --stack must be given with --non-interactive");
  if (command === "up" || command === "preview") {
    const problem = await providerCredential();
    if (problem) fail(`error: ${problem}`);
    record({ stack });
    process.stdout.write(`${command === "up" ? "Updating" : "Previewing update"} (${stack})\nResources:\n    7 unchanged\n`);
    return;
  }
  if (command === "stack" && argv[1] === "export") return (record({ stack }), void process.stdout.write(JSON.stringify(answers.pulumi?.[stack] ?? { deployment: { resources: [] } })));
  fail(`pulumi stand-in: no answer for ${argv.join(" ")}`);
}

/** What the stand-in keeps of GitHub between calls: pull requests opened, comments posted. */
const githubFile = join(STATE, "github.json");
const loadGithub = () => (existsSync(githubFile) ? JSON.parse(readFileSync(githubFile, "utf8")) : { pullRequests: [], comments: {}, nextComment: 1 });
const saveGithub = (g) => writeFileSync(githubFile, JSON.stringify(g));

/** gh pr list, create and edit, as the request workflow uses them; a pull request is never opened twice for one branch. */
function ghPr(token, granted) {
  const [, command] = argv;
  const repo = option("--repo");
  if (repo !== answers.repository) fail(`gh: Could not resolve to a Repository with the name '${repo}'.`);
  const g = loadGithub();
  if (command === "list") {
    if (!granted["pull-requests"]) fail("gh: HTTP 403: Resource not accessible by integration (pull-requests)");
    const head = option("--head");
    const state = option("--state") ?? "open";
    const list = g.pullRequests.filter((p) => (!head || p.head === head) && (state === "all" || p.state === state)).map((p) => ({ number: p.number, isCrossRepository: p.fromFork === true }));
    record({ command });
    const jq = option("--jq") ?? option("-q");
    return void process.stdout.write(jq ? execFileSync("jq", ["-r", jq], { input: JSON.stringify(list), encoding: "utf8" }) : `${JSON.stringify(list)}\n`);
  }
  if (granted["pull-requests"] !== "write") fail(`gh: HTTP 403: Resource not accessible by integration (the token has pull-requests: ${granted["pull-requests"] ?? "none"})`);
  const title = option("--title");
  const bodyFile = option("--body-file");
  const body = bodyFile ? readFileSync(bodyFile, "utf8") : option("--body");
  if (command === "create") {
    const head = option("--head");
    const base = option("--base");
    if (!title || body === undefined || !head || !base) fail("gh: must provide --title and --body (or --body-file), --head and --base when not running interactively");
    const exists = spawnSync("git", ["--git-dir", answers.remote, "rev-parse", "--verify", "--quiet", `refs/heads/${head}`]).status === 0;
    if (!exists) fail(`pull request create failed: GraphQL: Head sha can't be blank, Base sha can't be blank, No commits between ${base} and ${head}, Head ref must be a branch (createPullRequest)`);
    if (g.pullRequests.some((p) => p.head === head && p.state === "open" && !p.fromFork)) fail(`a pull request for branch "${head}" into branch "${base}" already exists`);
    const number = Math.max(100, ...g.pullRequests.map((p) => p.number)) + 1;
    g.pullRequests.push({ number, head, base, title, body, author: answers.tokenLogins[token] ?? "unknown", state: "open", triggersWorkflows: !/^ghs_\d/.test(token), edits: 0 });
    saveGithub(g);
    record({ command, number, head });
    return void process.stdout.write(`https://github.com/${repo}/pull/${number}\n`);
  }
  if (command === "close") {
    const number = Number(argv[2]);
    const pr = g.pullRequests.find((p) => p.number === number);
    if (!pr) fail(`gh: no pull requests found for ${argv[2]}`);
    pr.state = "closed";
    saveGithub(g);
    record({ command, number, comment: option("--comment") });
    return void process.stdout.write(`✓ Closed pull request #${number}\n`);
  }
  if (command === "edit") {
    const number = Number(argv[2]);
    const pr = g.pullRequests.find((p) => p.number === number);
    if (!pr) fail(`gh: no pull requests found for ${argv[2]}`);
    if (title) pr.title = title;
    if (body !== undefined) pr.body = body;
    pr.edits += 1;
    saveGithub(g);
    record({ command, number });
    return void process.stdout.write(`https://github.com/${repo}/pull/${number}\n`);
  }
  fail(`gh stand-in: no answer for gh pr ${command}`);
}

function gh() {
  if (!env.GH_TOKEN && !env.GITHUB_TOKEN) fail("gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable.", 4);
  if (argv[0] === "pr") {
    const token = env.GH_TOKEN || env.GITHUB_TOKEN;
    const granted = answers.tokens?.[token];
    if (!granted) fail("gh: HTTP 401: Bad credentials");
    return ghPr(token, granted);
  }
  if (argv[0] !== "api") fail(`gh stand-in: only gh api and gh pr are answered, not gh ${argv[0]}`);
  const method = option("--method") ?? (argv.some((a) => a === "-F" || a === "-f") ? "POST" : "GET");
  const path = argv.slice(1).find((a, i, all) => !a.startsWith("-") && !["--jq", "--method", "-F", "-f", "-q"].includes(all[i - 1]));
  // The job's token has the job's permissions: pull requests, their reviews and comments need
  // pull-requests (read, or write to comment).
  const granted = answers.tokens?.[env.GH_TOKEN || env.GITHUB_TOKEN];
  if (!granted) fail("gh: HTTP 401: Bad credentials");
  if (/\/(pulls|issues)\b/.test(path)) {
    // An issue's comments need issues (or, on a pull request's conversation, pull-requests) permission.
    const level = /\/issues\b/.test(path) && granted.issues ? granted.issues : granted["pull-requests"];
    if (method === "GET" ? !level : level !== "write") fail(`gh: HTTP 403: Resource not accessible by integration (the token has pull-requests: ${granted["pull-requests"] ?? "none"}, issues: ${granted.issues ?? "none"}) for ${path}`);
  }
  if (method !== "GET") {
    const field = option("-F") ?? option("-f");
    const body = field?.startsWith("body=@") ? readFileSync(field.slice(6), "utf8") : field;
    // Every field, as gh sends them: -F key=@file reads the file, -f key=value is the string.
    const fields = {};
    argv.forEach((a, i) => {
      if ((a === "-F" || a === "-f") && typeof argv[i + 1] === "string") {
        const [key, ...rest] = argv[i + 1].split("=");
        const value = rest.join("=");
        fields[key] = a === "-F" && value.startsWith("@") ? readFileSync(value.slice(1), "utf8") : value;
      }
    });
    record({ method, path, body, fields, token: env.GH_TOKEN || env.GITHUB_TOKEN });
    // Comments on issues are kept, so that a later run finds (and updates) its own.
    const g = loadGithub();
    const post = /^repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path);
    const patch = /^repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path);
    if (post && method === "POST") (g.comments[post[1]] ??= []).push({ id: g.nextComment++, user: { login: answers.tokenLogins?.[env.GH_TOKEN || env.GITHUB_TOKEN] ?? "github-actions[bot]" }, body });
    if (patch && method === "PATCH") {
      const comment = Object.values(g.comments).flat().find((c) => c.id === Number(patch[1]));
      if (!comment) fail(`gh: Not Found (HTTP 404) for ${path}`);
      comment.body = body;
    }
    saveGithub(g);
    return void process.stdout.write("{}\n");
  }
  const kept = /^repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path);
  if (kept) {
    const list = loadGithub().comments[kept[1]];
    if (list) (answers.gh ??= {})[path] = list;
    else if (!(path in (answers.gh ?? {}))) (answers.gh ??= {})[path] = [];
  }
  const routes = answers.gh ?? {};
  // GitHub answers an empty list for a commit that no pull request merged.
  if (!(path in routes) && /^repos\/[^/]+\/[^/]+\/commits\/[0-9a-f]+\/pulls$/.test(path)) routes[path] = [];
  if (!(path in routes)) fail(`gh: Not Found (HTTP 404) for ${path}`);
  record({ method, path });
  let value = routes[path];
  if (argv.includes("--slurp")) value = [value];
  const jq = option("--jq") ?? option("-q");
  const text = JSON.stringify(value);
  if (jq) process.stdout.write(execFileSync("jq", ["-r", jq], { input: text, encoding: "utf8" }));
  else process.stdout.write(`${text}\n`);
}

/** az repos pr (the azure-devops extension): signs in with AZURE_DEVOPS_EXT_PAT, lists from answers.az, records writes. */
function azRepos() {
  if (!env.AZURE_DEVOPS_EXT_PAT) fail("ERROR: Before you can run Azure DevOps commands, you need to run the login command (az login if using AAD/MSA identity else az devops login if using PAT token) to setup credentials.");
  const [, noun, verb] = argv;
  if (noun !== "pr") fail(`az stand-in: no answer for az ${argv.join(" ")}`);
  if (verb === "list") {
    record({ status: option("--status") });
    return void process.stdout.write(`${JSON.stringify(answers.az?.["repos pr list"] ?? [])}\n`);
  }
  if (verb !== "create" && verb !== "update") fail(`az stand-in: no answer for az ${argv.join(" ")}`);
  record({ verb, id: option("--id"), source: option("--source-branch"), target: option("--target-branch"), title: option("--title"), description: option("--description") });
}

function az() {
  if (argv[0] === "repos") return azRepos();
  const s = session();
  if (!s) fail("ERROR: Please run 'az login' to setup account.");
  record({ identity: s.clientId });
  if (argv[0] === "account" && argv[1] === "get-access-token") {
    const tsv = option("-o") === "tsv" || option("--output") === "tsv";
    const expires = Math.floor(Date.now() / 1000) + 3600;
    const json = { accessToken: s.graphToken, expiresOn: new Date(expires * 1000).toISOString().replace("T", " ").replace("Z", "000"), expires_on: expires, tenant: s.tenantId, tokenType: "Bearer" };
    return void process.stdout.write(tsv ? `${s.graphToken}\n` : `${JSON.stringify(json)}\n`);
  }
  if (argv[0] === "account" && argv[1] === "show") return void process.stdout.write(`${JSON.stringify({ tenantId: s.tenantId, user: { name: s.clientId, type: "servicePrincipal" } })}\n`);
  fail(`az stand-in: no answer for az ${argv.join(" ")}`);
}

function npm() {
  if (argv[0] !== "ci") fail(`npm stand-in: only npm ci is simulated, not npm ${argv.join(" ")}`);
  if (!existsSync("package-lock.json")) fail("npm error The `npm ci` command can only install with an existing package-lock.json", 1);
  record({ ignoreScripts: argv.includes("--ignore-scripts") });
  if (!existsSync("node_modules")) symlinkSync(answers.nodeModules, "node_modules");
}

function curl() {
  const url = argv.find((a) => /^https?:\/\//.test(a));
  if (url && new URL(url).host === "get.pulumi.com") {
    record({ url });
    // The installer script: it puts the pulumi stand-in where the real installer puts pulumi.
    return void process.stdout.write(`mkdir -p "$HOME/.pulumi/bin" && cp ${JSON.stringify(answers.pulumiStandIn)} "$HOME/.pulumi/bin/pulumi" && chmod +x "$HOME/.pulumi/bin/pulumi"\n`);
  }
  // Azure DevOps' REST API is the loopback stand-in's /ado/.
  const args = argv.map((a) => a.replace(/^https:\/\/dev\.azure\.com\//, `http://${answers.internet}/ado/`));
  const r = spawnSync("/usr/bin/curl", args, { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const tools = { pulumi, gh, az, npm, curl };
if (!tools[tool]) fail(`unknown stand-in ${tool}`);
Promise.resolve(tools[tool]()).catch((err) => fail(String(err && err.stack)));
