// The tools a hosted runner has and a sandboxed job must not really run: gh, az, pulumi, npm (ci only)
// and curl (the Pulumi installer answered, dev.azure.com sent to the loopback stand-in, other URLs to
// the real curl). Each call is recorded in
// $STATE/calls.jsonl with its argv and the credentials it saw; each answers from $STATE/answers.json or
// fails as the real tool fails for want of a token, a login or a file.
/* global URL, URLSearchParams, fetch */
"use strict";
const { appendFileSync, existsSync, readFileSync, symlinkSync } = require("node:fs");
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

function gh() {
  if (!env.GH_TOKEN && !env.GITHUB_TOKEN) fail("gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable.", 4);
  if (argv[0] !== "api") fail(`gh stand-in: only gh api is answered, not gh ${argv[0]}`);
  const method = option("--method") ?? (argv.some((a) => a === "-F" || a === "-f") ? "POST" : "GET");
  const path = argv.slice(1).find((a, i, all) => !a.startsWith("-") && !["--jq", "--method", "-F", "-f", "-q"].includes(all[i - 1]));
  // The job's token has the job's permissions: pull requests, their reviews and comments need
  // pull-requests (read, or write to comment).
  const granted = answers.tokens?.[env.GH_TOKEN || env.GITHUB_TOKEN];
  if (!granted) fail("gh: HTTP 401: Bad credentials");
  if (/\/(pulls|issues)\b/.test(path)) {
    const level = granted["pull-requests"];
    if (method === "GET" ? !level : level !== "write") fail(`gh: HTTP 403: Resource not accessible by integration (the token has pull-requests: ${level ?? "none"}) for ${path}`);
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
    return void process.stdout.write("{}\n");
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
