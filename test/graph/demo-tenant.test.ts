// npm run demo-tenant as a user runs it: it prints the two variables, serves on 127.0.0.1 only, and
// stops on Ctrl-C.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./demo-repo";

describe("npm run demo-tenant", () => {
  it("prints GUESTOPS_GRAPH_URL and GUESTOPS_GRAPH_TOKEN, answers Graph requests, and stops on SIGINT", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "test/graph-double/demo-tenant.ts")], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("Press Ctrl-C")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`exited ${code} before it was ready: ${out}`)));
    });
    const url = /export GUESTOPS_GRAPH_URL=(\S+)/.exec(out)?.[1];
    const token = /export GUESTOPS_GRAPH_TOKEN=(\S+)/.exec(out)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/v1.0/users?$filter=${encodeURIComponent("userType eq 'Guest'")}&$select=id,mail`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { value: unknown[] }).value.length).toBeGreaterThan(10);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });
});
