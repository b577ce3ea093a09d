// npm run demo-tenant: the Graph double, seeded from the bundled example (the tests' copy of it, so that it
// starts in a fork too), with guardrails set by hand in the portal, on 127.0.0.1 until Ctrl-C.
// It prints the two variables that point guestops at it.
import { resolve } from "node:path";
import { startGraphDouble } from "./graph-double";
import { seedExampleGuardrails, seedExampleTenant } from "./seed-example";

async function main(): Promise<void> {
  const root = resolve(__dirname, "../fixtures/example");
  const port = process.env.PORT ? Number(process.env.PORT) : 0;
  const double = await startGraphDouble(seedExampleGuardrails(seedExampleTenant(root)), { port });
  process.stdout.write(
    [
      `Demo tenant ${double.tenant.tenantId} (${double.tenant.users.length} users) on ${double.url}, for this machine only.`,
      "In another terminal, from the repository root:",
      "",
      `  export GUESTOPS_GRAPH_URL=${double.url}`,
      `  export GUESTOPS_GRAPH_TOKEN=${double.token}`,
      "  node bin/guestops status --as-of 2026-12-01",
      "",
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  const stop = (): void => {
    void double.close().then(() => process.exit(0));
    // Open keep-alive connections must not hold the process.
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
