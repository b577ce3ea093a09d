// The weekly drift run, from guestops-scheduled.yml itself, against the demo tenant (which differs from
// the example on purpose): drift found fails the run as "drift found" with the differences in the
// summary, while a tenant that cannot be read (the token refused, Graph refusing the read) fails it as
// "could not read the tenant": the two never look alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../pipelines/runner/sandbox";

describe("weekly drift on the demo tenant", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox();
  });
  afterAll(() => sb.close());

  it("tells drift found (exit 4) from could not read the tenant (exit 5)", async () => {
    const found = await sb.github("guestops-scheduled.yml", { event: "schedule" });
    const drift = found.jobs.drift!;
    expect(drift.step("Drift").code, drift.log()).toBe(4);
    expect(drift.result).toBe("failure");
    expect(drift.annotations).toEqual([expect.objectContaining({ level: "error", title: "guestops drift: drift found" })]);
    expect(drift.summary).toMatch(/^### guestops drift: drift found \(exit 4\)/);
    // The differences themselves follow, from the demo tenant.
    expect(drift.summary.split("\n").length).toBeGreaterThan(5);
    expect(drift.summary).not.toContain("could not read");

    // The read identity's federation refused: nothing was compared, and the run says so.
    sb.loopback.refuse = true;
    const refused = (await sb.github("guestops-scheduled.yml", { event: "schedule" })).jobs.drift!;
    sb.loopback.refuse = false;
    expect(refused.step("Drift").code, refused.log()).toBe(5);
    expect(refused.annotations).toEqual([expect.objectContaining({ level: "error", title: "guestops drift: could not read the tenant" })]);
    expect(refused.summary).toMatch(/^### guestops drift: could not read the tenant \(exit 5\)/);
    expect(refused.summary).not.toContain("drift found");

    // Graph refusing the read (a permission removed from the app) reads the same way.
    sb.double!.inject({ path: /^\/users/, status: 403, body: { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." } }, times: 50 });
    const denied = (await sb.github("guestops-scheduled.yml", { event: "schedule" })).jobs.drift!;
    expect(denied.step("Drift").code, denied.log()).toBe(5);
    expect(denied.annotations.map((a) => a.title)).toEqual(["guestops drift: could not read the tenant"]);
  });
});
