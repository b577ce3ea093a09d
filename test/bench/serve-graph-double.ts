// A child process for the drift benchmark: the Graph double holding a synthetic tenant, so that its
// memory and CPU are not counted against the drift being measured. Prints one JSON line, then serves.
import { startGraphDouble } from "../graph-double/graph-double";
import { syntheticTenant } from "./synthetic-tenant";

async function main(): Promise<void> {
  const guests = Number(process.argv[2] ?? 50_000);
  const withAccess = Number(process.argv[3] ?? guests);
  const double = await startGraphDouble(syntheticTenant(guests, withAccess));
  process.stdout.write(`${JSON.stringify({ url: double.url, token: double.token })}\n`);
  process.on("SIGTERM", () => void double.close().then(() => process.exit(0)));
}

void main();
