// The audit and access commands over a scripted history: merges, a squash with trailers, an Azure Repos
// merge, a direct push, a rename and a move, an expiry between commits, an invalid commit and its fix,
// a revert and an approvals note. The events are checked exactly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-types";
import type { Access } from "../../src/audit/build-access";
import { runCli } from "../cli/run-cli";
import { TENANT, TESTER } from "./history-repo";
import { script, TOMAS, type Scripted } from "./scripted-history";

let s: Scripted;
let events: AuditEvent[];

beforeAll(async () => {
  s = script();
  // Two deployments, recorded as the deploy pipeline records them: after Ben's merge, and after Carla's fix.
  for (const [commit, at] of [[s.c.merge, "2026-09-16T08:00:00Z"], [s.c.fix, "2026-10-27T08:00:00Z"]] as const) {
    const d = await runCli(["record-deploy", "--commit", commit, "--at", at, "--stack", "prod"], s.repo.root);
    expect(d.code, d.stderr).toBe(0);
  }
  const r = await runCli(["audit", "--until", "2026-12-01", "--format", "json"], s.repo.root);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  events = (JSON.parse(r.stdout) as { events: AuditEvent[] }).events;
});
afterAll(() => s.repo.remove());

const TEST_AUTHOR = `${TESTER.name} <${TESTER.email}>`;
const TOMAS_AUTHOR = `${TOMAS.name} <${TOMAS.email}>`;

function ev(kind: AuditEvent["kind"], guest: string | null, target: string | null, commit: string | null, at: string, rest: Partial<AuditEvent> = {}): AuditEvent {
  // Every guest of the history has Priya as sponsor, from their partner file: each event about a guest as a whole names her.
  const sponsor = guest !== null && target === null ? { sponsor: "priya.natarajan@contoso.com" } : {};
  return { at, kind, guest, target, commit, author: commit ? TEST_AUTHOR : null, pr: null, prSource: null, approvers: [], approvals: [], flags: [], ...sponsor, ...rest };
}

/** A PR named only by an unsigned subject, approvers only by its trailers: shown, unverified, no approval counts. */
function unverified(pr: number, trailers: string[], flags: AuditEvent["flags"] = ["no-approval", "unverified"]): Partial<AuditEvent> {
  return { pr, prSource: "subject", approvers: [], approvals: trailers.map((by) => ({ by, source: "trailer" })), flags };
}

/** The pipeline's note: the PR and approvers it records count. */
function recorded(pr: number, by: string, at: string): Partial<AuditEvent> {
  return { pr, prSource: "record", approvers: [by], approvals: [{ by, source: "record", at }] };
}

describe("guestops audit over a scripted history", () => {
  it("lists exactly the events of each commit and each expiry, with their evidence", () => {
    const { c } = s;
    const direct = { flags: ["direct-push"] } as Partial<AuditEvent>;
    const olivia = "olivia.chen@contoso.com";
    const priya = "priya.natarajan@contoso.com";
    const ben = recorded(13, priya, "2026-09-15T09:00:00Z");
    const expected: AuditEvent[] = [
      // The stack's first commit is its creation: one event for all it sets up, no event per setting.
      ev("stack-created", null, null, c.setup, "2026-09-02T09:00:00Z", {
        flags: ["direct-push", "no-approval"],
        detail: `stacks/prod.yaml tenantId ${TENANT}; owners mei.lin@contoso.com; groups erp-project, finance; apps expenses; partner domains fabrikam.com`,
      }),
      // An invitation needs its sponsor's approval; a direct push has none.
      ev("invited", "ana.silva@fabrikam.com", null, c.setup, "2026-09-02T09:00:00Z", { flags: ["direct-push", "no-approval"] }),
      ev("granted", "ana.silva@fabrikam.com", "group:erp-project", c.setup, "2026-09-02T09:00:00Z", { flags: ["direct-push", "no-approval"] }),
      // The squash's committer date was +02:00: `at` is UTC. Its subject and trailers are unsigned text.
      ev("granted", "ana.silva@fabrikam.com", "app:expenses/Submitter", c.squash, "2026-09-10T08:00:00Z", unverified(12, [olivia, priya])),
      ev("invited", "ben.carter@fabrikam.com", null, c.merge, "2026-09-15T10:00:00Z", ben),
      ev("granted", "ben.carter@fabrikam.com", "group:erp-project", c.merge, "2026-09-15T10:00:00Z", ben),
      ev("invited", "henrik.larsen@northwind.example", null, c.azure, "2026-09-20T10:00:00Z", { author: TOMAS_AUTHOR, ...unverified(14, ["tomas.berg@contoso.com"]) }),
      ev("granted", "henrik.larsen@northwind.example", "app:expenses/Submitter", c.azure, "2026-09-20T10:00:00Z", { author: TOMAS_AUTHOR, ...unverified(14, ["tomas.berg@contoso.com"]) }),
      // Nothing for the split (rename, move, case, display name); Henrik's access lapses by date.
      ev("expired", "henrik.larsen@northwind.example", null, null, "2026-10-21T00:00:00Z"),
      ev("revoked", "henrik.larsen@northwind.example", "app:expenses/Submitter", null, "2026-10-21T00:00:00Z", { cause: "expired" }),
      ev("invalid", null, null, c.invalid, "2026-10-25T10:00:00Z", { ...direct, detail: expect.stringContaining("guests/fabrikam/carla.yaml:") as unknown as string }),
      // The grant counts from the fix, the first valid commit that holds it.
      ev("invited", "carla.gomez@fabrikam.com", null, c.fix, "2026-10-26T10:00:00Z", unverified(15, [priya])),
      ev("granted", "carla.gomez@fabrikam.com", "group:erp-project", c.fix, "2026-10-26T10:00:00Z", unverified(15, [priya])),
      ev("granted", "ben.carter@fabrikam.com", "group:finance", c.renew, "2026-11-02T10:00:00Z", unverified(16, [olivia])),
      ev("renewed", "ben.carter@fabrikam.com", null, c.renew, "2026-11-02T10:00:00Z", { ...unverified(16, [olivia]), detail: "expires 2027-04-30 → 2027-06-30" }),
      ev("reviewed", "ben.carter@fabrikam.com", null, c.renew, "2026-11-02T10:00:00Z", { ...unverified(16, [olivia]), detail: "reviewed 2026-11-01" }),
      ev("revoked", "ben.carter@fabrikam.com", "group:finance", c.revert, "2026-11-05T10:00:00Z", { ...direct, cause: "edited" }),
      ev("shortened", "ben.carter@fabrikam.com", null, c.revert, "2026-11-05T10:00:00Z", { ...direct, detail: "expires 2027-06-30 → 2027-04-30" }),
    ];
    // policy-changed events come from plan.policyChanges; build-events.test.ts checks their mapping on
    // hand-made plans.
    expect(events.filter((e) => e.kind !== "policy-changed").map(({ deployedAt: _, ...e }) => e)).toEqual(expected);
    // Each change reached the tenant with the first deployment of its commit or a later one; an expiry with
    // the first deployment on or after its day; nothing after the last deployment is deployed yet.
    for (const e of events) expect([e.at, e.deployedAt]).toEqual([e.at, e.at <= "2026-09-16T08:00:00Z" ? "2026-09-16T08:00:00Z" : e.at <= "2026-10-27T08:00:00Z" ? "2026-10-27T08:00:00Z" : null]);
    // Henrik's file brings a new partner domain; moving and renaming files changes no policy, and the
    // defaults the stack file never writes are no change at all.
    const policy = events.filter((e) => e.kind === "policy-changed");
    expect([...new Set(policy.map((e) => e.commit))]).toEqual([s.c.azure]);
    expect(policy.filter((e) => e.commit === s.c.azure).map((e) => e.detail)).toEqual([expect.stringMatching(/^guests\/northwind\.yaml domains: .*northwind\.example.*\(loosens\)$/)]);
    expect(events.find((e) => e.kind === "invalid")!.detail).toContain('group "erp-projekt" is not in the stack\'s catalog');
  });

  it("filters by guest, target and period, and renders the same events as CSV and Markdown", async () => {
    const { root } = s.repo;
    const ben = JSON.parse((await runCli(["audit", "--until", "2026-12-01", "--guest", "Ben.Carter@fabrikam.com", "--format", "json"], root)).stdout) as { events: AuditEvent[] };
    expect(ben.events).toEqual(events.filter((e) => e.guest === "ben.carter@fabrikam.com"));
    const expenses = JSON.parse((await runCli(["audit", "--until", "2026-12-01", "--target", "app:expenses/Submitter", "--format", "json"], root)).stdout) as { events: AuditEvent[] };
    expect(expenses.events.filter((e) => e.kind !== "policy-changed").map((e) => `${e.kind} ${e.guest}`)).toEqual(["granted ana.silva@fabrikam.com", "granted henrik.larsen@northwind.example", "revoked henrik.larsen@northwind.example"]);
    const october = JSON.parse((await runCli(["audit", "--since", "2026-10-01", "--until", "2026-10-31", "--format", "json"], root)).stdout) as { events: AuditEvent[] };
    expect(october.events).toEqual(events.filter((e) => e.at >= "2026-10-01" && e.at < "2026-11-01"));
    const csv = (await runCli(["audit", "--until", "2026-12-01", "--format", "csv"], root)).stdout.trim().split("\r\n");
    expect(csv).toHaveLength(events.length + 1);
    expect(csv[0]).toBe("at,kind,guest,target,cause,commit,author,pr,approvers,flags,detail,deployedAt,prSource,approvals,sponsor,requester");
    const md = (await runCli(["audit", "--until", "2026-12-01", "--format", "markdown"], root)).stdout;
    expect(md.split("\n").filter((l) => l.startsWith("| 2026-"))).toHaveLength(events.length);
  });

  it("stops at --until: later commits are not read and later expiry is not judged", async () => {
    const r = JSON.parse((await runCli(["audit", "--until", "2026-10-20", "--format", "json"], s.repo.root)).stdout) as { events: AuditEvent[] };
    expect(r.events).toEqual(events.filter((e) => e.at < "2026-10-21"));
  });
});

describe("guestops access --as-of", () => {
  async function access(day: string): Promise<Access> {
    const r = await runCli(["access", "--as-of", day, "--format", "json"], s.repo.root);
    expect(r.stderr).toBe("");
    return JSON.parse(r.stdout) as Access;
  }

  it("before the first commit: no state, no guests", async () => {
    expect(await access("2026-08-31")).toEqual({ asOf: "2026-08-31", stack: "prod", commit: null, guests: [] });
  });

  it("between commits: the last commit's state, each grant since it began without a break", async () => {
    const a = await access("2026-10-10");
    expect(a.commit).toBe(s.c.split);
    expect(a.guests.map((g) => [g.email, g.status, g.grants.map((x) => `${x.target} ${x.since} ${x.pr} ${x.approvers.join(" ")}`)])).toEqual([
      // Only approvers that count: the note's. A trailer of an unsigned commit approves nothing.
      ["ana.silva@fabrikam.com", "active", ["app:expenses/Submitter 2026-09-10T08:00:00Z 12 ", "group:erp-project 2026-09-02T09:00:00Z null "]],
      ["ben.carter@fabrikam.com", "active", ["group:erp-project 2026-09-15T10:00:00Z 13 priya.natarajan@contoso.com"]],
      ["henrik.larsen@northwind.example", "active", ["app:expenses/Submitter 2026-09-20T10:00:00Z 14 "]],
    ]);
    expect(a.guests[0]!.grants[0]!.commit).toBe(s.c.squash);
    expect(a.guests[0]).toMatchObject({ partner: "Fabrikam", sponsor: "priya.natarajan@contoso.com", expires: "2027-05-31" });
  });

  it("on the expiry day access holds; the day after it has lapsed, with no commit", async () => {
    const onDay = await access("2026-10-20");
    expect(onDay.guests.find((g) => g.email.startsWith("henrik"))).toMatchObject({ status: "active", grants: [{ target: "app:expenses/Submitter" }] });
    const after = await access("2026-10-21");
    expect(after.commit).toBe(s.c.split);
    expect(after.guests.find((g) => g.email.startsWith("henrik"))).toMatchObject({ status: "expired", grants: [] });
  });

  it("on a commit's own day: the commit counts, and an invalid commit changes nothing", async () => {
    const invalidDay = await access("2026-10-25");
    expect(invalidDay.commit).toBe(s.c.split);
    expect(invalidDay.guests.map((g) => g.email)).not.toContain("carla.gomez@fabrikam.com");
    const fixDay = await access("2026-10-26");
    expect(fixDay.commit).toBe(s.c.fix);
    expect(fixDay.guests.find((g) => g.email === "carla.gomez@fabrikam.com")!.grants).toEqual([{ target: "group:erp-project", since: "2026-10-26T10:00:00Z", commit: s.c.fix, pr: 15, approvers: [] }]);
  });

  it("--target lists only the guests holding it; app:KEY covers the app's every role", async () => {
    const r = await runCli(["access", "--as-of", "2026-10-10", "--target", "app:expenses", "--format", "json"], s.repo.root);
    const a = JSON.parse(r.stdout) as Access;
    expect(a.guests.map((g) => [g.email, g.grants.map((x) => x.target)])).toEqual([
      ["ana.silva@fabrikam.com", ["app:expenses/Submitter"]],
      ["henrik.larsen@northwind.example", ["app:expenses/Submitter"]],
    ]);
    const bad = await runCli(["access", "--as-of", "2026-10-10", "--target", "expenses"], s.repo.root);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("for example --target app:expenses")]);
  });

  it("after a revert, the re-granted state is the one before the reverted change", async () => {
    const a = await access("2026-11-30");
    expect(a.commit).toBe(s.c.revert);
    expect(a.guests.find((g) => g.email.startsWith("ben"))).toMatchObject({ expires: "2027-04-30", grants: [{ target: "group:erp-project", since: "2026-09-15T10:00:00Z" }] });
    const csv = (await runCli(["access", "--as-of", "2026-11-30", "--format", "csv"], s.repo.root)).stdout.trim().split("\r\n");
    expect(csv[0]).toBe("asOf,email,partner,sponsor,expires,status,target,since,commit,pr,approvers");
    expect(csv).toHaveLength(1 + a.guests.reduce((n, g) => n + Math.max(1, g.grants.length), 0));
  });
});
