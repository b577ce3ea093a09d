// The demo tenant's walkthrough as the docs show it (docs/tenant.md, docs/guardrails.md): each scenario
// is the example repository and the demo tenant at one step, so that test/docs-outputs.test.ts reruns a
// doc's `<!-- output: demo=SCENARIO bin/guestops ... -->` block against it.
import { main } from "../../src/cli/main";
import { startGraphDouble } from "../graph-double/graph-double";
import { seedExampleGuardrails, seedExampleTenant } from "../graph-double/seed-example";
import { EXAMPLE_ROOT } from "../helpers/example";
import { testdir } from "../helpers/testdir";
import { exampleFiles } from "./demo-repo";
import { guardrailFiles } from "./guardrails-repo";

/** Who may invite, widened by hand: docs/tenant.md's curl sends this body. */
export const WIDENED = { method: "PATCH", path: "/v1.0/policies/authorizationPolicy", body: { allowInvitesFrom: "everyone" } };

const SCENARIOS: Record<string, { files: () => Record<string, string>; change?: { method: string; path: string; body: unknown } }> = {
  // npm run demo-tenant, and the example as it ships.
  example: { files: exampleFiles },
  // The guardrails declared in stacks/prod.yaml and guests/fabrikam.yaml, as docs/guardrails.md shows them.
  guardrails: { files: guardrailFiles },
  // Then someone widens who may invite, in the portal.
  "guardrails-widened": { files: guardrailFiles, change: WIDENED },
};

export const DEMO_SCENARIOS = Object.keys(SCENARIOS);

/** What `guestops ARGS` prints at that step of the walkthrough, and its exit code. */
export async function demoOutput(scenario: string, args: readonly string[]): Promise<{ code: number; out: string }> {
  const s = SCENARIOS[scenario];
  if (!s) throw new Error(`no demo scenario "${scenario}": one of ${DEMO_SCENARIOS.join(", ")}`);
  const double = await startGraphDouble(seedExampleGuardrails(seedExampleTenant(EXAMPLE_ROOT)));
  try {
    if (s.change) {
      const r = await fetch(`${double.url}${s.change.path}`, { method: s.change.method, headers: { Authorization: `Bearer ${double.token}`, "Content-Type": "application/json" }, body: JSON.stringify(s.change.body) });
      if (r.status >= 300) throw new Error(`the scenario's change answered ${r.status}`);
    }
    let out = "";
    const sink = { write: (t: string) => ((out += t), true) };
    const code = await main([...args], { cwd: testdir(s.files()), env: { GUESTOPS_GRAPH_URL: double.url, GUESTOPS_GRAPH_TOKEN: double.token }, color: false, stdout: sink, stderr: sink, sleep: async () => undefined });
    return { code, out };
  } finally {
    await double.close();
  }
}
