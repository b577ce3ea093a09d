// Every PR number and approver in the audit says where it comes from, and only what can be checked
// counts: the pipeline's note, and a merge signed by a key the auditor trusts. A subject or a trailer
// that anyone who can push can write is shown, flagged unverified, and listed by --flagged. The note is
// checked against the approvals the plan of its commit needed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-types";
import { runCli } from "../cli/run-cli";
import { guestsYaml, HistoryRepo, stackYaml, type GuestSpec } from "./history-repo";

const NOTES = "--ref=guestops-approvals";
const PRIYA = "priya.natarajan@contoso.com"; // owns erp-project, sponsors every guest here
const OLIVIA = "olivia.chen@contoso.com"; // owns finance and expenses
const MALLORY = "mallory@contoso.com"; // owns nothing
const ana: GuestSpec = { email: "ana.silva@fabrikam.com", expires: "2027-05-31", groups: ["erp-project"] };

let repo: HistoryRepo;
let gnupg: string;
/** The stand-in for GitHub's web-flow key, and a key the auditor does not trust. */
let webFlow: string;
let other: string;
/** An SSH merge key's SHA256: fingerprint. */
let sshKey: string;
const c: Record<string, string> = {};

function gpg(args: string[]): string {
  return execFileSync("gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", "", ...args], { env: { ...process.env, GNUPGHOME: gnupg }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function newKey(uid: string): string {
  gpg(["--quick-gen-key", uid, "ed25519", "sign", "never"]);
  const fprs = gpg(["--with-colons", "--list-keys", uid]).split("\n").filter((l) => l.startsWith("fpr:"));
  return fprs[0]!.split(":")[9]!;
}

/** Commits the guests file and signs the commit with `key` (the code host's merge, or someone else's). */
function signedCommit(key: string, guests: GuestSpec[], message: string, date: string): string {
  repo.write({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", guests) });
  repo.git(["add", "-A"], date);
  repo.git(["-c", "gpg.program=gpg", "-c", `user.signingkey=${key}`, "commit", "-q", "-S", "--cleanup=verbatim", "-m", message], date);
  return repo.head();
}

function note(commit: string, pr: number, approvals: { by: string; at: string | null }[], date: string): void {
  repo.git(["notes", NOTES, "add", "-m", JSON.stringify({ commit, pr, approvals }), commit], date);
}

beforeAll(() => {
  gnupg = mkdtempSync(join(tmpdir(), "guestops-gpg-"));
  // git, run by the audit in this process, finds the keys the test made: the auditor's keyring.
  process.env.GNUPGHOME = gnupg;
  webFlow = newKey("GitHub <noreply@github.com>");
  other = newKey("Mallory <mallory@contoso.com>");
  repo = new HistoryRepo();
  c.setup = repo.commit({ "stacks/prod.yaml": stackYaml(), "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", []) }, "Set up the prod stack", "2026-09-01T09:00:00Z");
  // A direct push dressed as a squash merge: a PR number and an owner's approval, all typed by the pusher.
  c.forged = repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ana]) }, `Add Ana (#12)\n\nApproved-by: Priya Natarajan <${PRIYA}>\n`, "2026-09-02T09:00:00Z");
  // A squash merge that the code host signed: its subject and trailers are the platform's.
  const ben: GuestSpec = { email: "ben.carter@fabrikam.com", expires: "2027-05-31", groups: ["erp-project"] };
  c.signed = signedCommit(webFlow, [ana, ben], `Add Ben (#13)\n\nApproved-by: ${PRIYA}\n`, "2026-09-03T09:00:00Z");
  // The same text, signed by a key nobody trusts.
  const carla: GuestSpec = { email: "carla.gomez@fabrikam.com", expires: "2027-05-31", groups: ["erp-project"] };
  c.otherKey = signedCommit(other, [ana, ben, carla], `Add Carla (#14)\n\nApproved-by: ${PRIYA}\n`, "2026-09-04T09:00:00Z");
  // Merged PRs with the pipeline's note: one short of an approval the plan needed, one by an owner of nothing.
  const dan: GuestSpec = { email: "dan.cho@fabrikam.com", expires: "2027-05-31", groups: ["erp-project", "finance"] };
  c.partial = repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ana, ben, carla, dan]) }, "Merge pull request #15 from fabrikam/dan", "2026-09-05T09:00:00Z");
  note(c.partial, 15, [{ by: PRIYA, at: "2026-09-05T08:00:00Z" }], "2026-09-05T09:01:00Z");
  const eve: GuestSpec = { email: "eve.park@fabrikam.com", expires: "2027-05-31", groups: ["erp-project"] };
  c.stranger = repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ana, ben, carla, dan, eve]) }, "Merge pull request #16 from fabrikam/eve", "2026-09-06T09:00:00Z");
  note(c.stranger, 16, [{ by: MALLORY, at: "2026-09-06T08:00:00Z" }], "2026-09-06T09:01:00Z");
  // A note that Azure DevOps' record wrote before votes got a time: "at" null, the approval still given.
  const finn: GuestSpec = { email: "finn.berg@fabrikam.com", expires: "2027-05-31", groups: ["finance"], sponsor: OLIVIA };
  c.azure = repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ana, ben, carla, dan, eve, finn]) }, "Merged PR 17: Add Finn", "2026-09-07T09:00:00Z");
  note(c.azure, 17, [{ by: OLIVIA, at: null }], "2026-09-07T09:01:00Z");
  // A code host that signs its merges with an SSH key. git checks SSH signatures only with an allowed
  // signers file; an empty one will do, since the audit trusts the key's fingerprint.
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "merge-key", "-f", join(gnupg, "merge-key")]);
  sshKey = execFileSync("ssh-keygen", ["-l", "-f", join(gnupg, "merge-key.pub")], { encoding: "utf8" }).split(" ")[1]!;
  writeFileSync(join(gnupg, "allowed-signers"), "");
  repo.git(["config", "gpg.ssh.allowedSignersFile", join(gnupg, "allowed-signers")]);
  const gil: GuestSpec = { email: "gil.roth@fabrikam.com", expires: "2027-05-31", groups: ["erp-project"] };
  repo.write({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ana, ben, carla, dan, eve, finn, gil]) });
  repo.git(["add", "-A"], "2026-09-08T09:00:00Z");
  repo.git(["-c", "gpg.format=ssh", "-c", `user.signingkey=${join(gnupg, "merge-key.pub")}`, "commit", "-q", "-S", "--cleanup=verbatim", "-m", `Merged PR 18: Add Gil\n\nApproved-by: ${PRIYA}\n`], "2026-09-08T09:00:00Z");
  c.ssh = repo.head();
  // A review merged by the code host, naming its requester: both the approval and the requester are the platform's.
  c.signedReview = signedCommit(webFlow, [ana, { ...ben, reviewed: "2026-09-09" }, carla, dan, eve, finn, gil], `Review Ben (#19)\n\nApproved-by: ${PRIYA}\nRequested-by: Ben Carter <ben.carter@fabrikam.com>\n`, "2026-09-09T09:00:00Z");
});
afterAll(() => {
  repo.remove();
  execFileSync("gpgconf", ["--kill", "gpg-agent"], { env: { ...process.env, GNUPGHOME: gnupg } });
  rmSync(gnupg, { recursive: true, force: true });
});

async function audit(...args: string[]): Promise<AuditEvent[]> {
  const r = await runCli(["audit", "--until", "2026-12-01", "--format", "json", ...args], repo.root);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { events: AuditEvent[] }).events;
}

const granted = (events: AuditEvent[], commit: string) => events.filter((e) => e.kind === "granted" && e.commit === commit);

describe("a subject and trailers that anyone who can push can write", () => {
  it("show the PR and the approver, unverified: no approval counts, and the grant is flagged", async () => {
    const [grant] = granted(await audit(), c.forged!);
    expect(grant).toMatchObject({ pr: 12, prSource: "subject", approvers: [], approvals: [{ by: PRIYA, source: "trailer" }] });
    expect(grant!.flags).toEqual(["no-approval", "unverified"]);
  });

  it("are listed by --flagged, in text too", async () => {
    expect(granted(await audit("--flagged"), c.forged!)).toHaveLength(1);
    const text = await runCli(["audit", "--until", "2026-12-01", "--flagged", "--kind", "granted"], repo.root);
    expect(text.stdout).toMatch(new RegExp(`granted ana\\.silva@fabrikam\\.com group:erp-project  ${c.forged!.slice(0, 12)} PR #12 \\(unverified\\) by .*; unverified approvers ${PRIYA.replace(/\./g, "\\.")} \\[no-approval, unverified\\]`));
    const csv = (await runCli(["audit", "--until", "2026-12-01", "--format", "csv"], repo.root)).stdout.split("\r\n");
    expect(csv[0]).toMatch(/,prSource,approvals,sponsor,requester$/);
    expect(csv.find((l) => l.includes(c.forged!) && l.includes("granted"))).toMatch(new RegExp(`,"subject","${PRIYA}:trailer",,$`));
  });
});

describe("a review and its requester", () => {
  const reviewOf = (events: AuditEvent[]) => events.filter((e) => e.kind === "reviewed" && e.commit === c.signedReview);

  it("count when a trusted signer merged it: the requester is the code host's, and never an approver", async () => {
    expect(reviewOf(await audit("--trusted-signer", webFlow))).toEqual([
      expect.objectContaining({ guest: "ben.carter@fabrikam.com", pr: 19, prSource: "signed-merge", approvers: [PRIYA], sponsor: PRIYA, requester: { by: "ben.carter@fabrikam.com", source: "signed-merge" }, flags: [] }),
    ]);
  });

  it("are text anyone could write without the trusted signer: shown, unverified, and the review unapproved", async () => {
    expect(reviewOf(await audit())).toEqual([
      expect.objectContaining({ approvers: [], approvals: [{ by: PRIYA, source: "trailer" }], requester: { by: "ben.carter@fabrikam.com", source: "trailer" }, flags: ["no-approval", "unverified"] }),
    ]);
    const r = await runCli(["report", "--since", "2026-09-01", "--until", "2026-12-01", "--format", "json"], repo.root);
    expect((JSON.parse(r.stdout) as { period: { reviews: { unattested: AuditEvent[] } } }).period.reviews.unattested.map((e) => e.commit)).toEqual([c.signedReview]);
    const trusted = await runCli(["report", "--since", "2026-09-01", "--until", "2026-12-01", "--trusted-signer", webFlow, "--format", "json"], repo.root);
    expect((JSON.parse(trusted.stdout) as { period: { reviews: { unattested: AuditEvent[] } } }).period.reviews.unattested).toEqual([]);
  });
});

describe("a merge signed by a trusted signer", () => {
  it("counts its subject's PR and its trailers when the auditor names the key", async () => {
    const [grant] = granted(await audit("--trusted-signer", webFlow), c.signed!);
    expect(grant).toMatchObject({ pr: 13, prSource: "signed-merge", approvers: [PRIYA], approvals: [{ by: PRIYA, source: "signed-merge" }], flags: [] });
  });

  it("is unverified text without the flag, and with another key's signature", async () => {
    const without = await audit();
    expect(granted(without, c.signed!)[0]!.flags).toEqual(["no-approval", "unverified"]);
    const trusted = await audit("--trusted-signer", webFlow);
    expect(granted(trusted, c.otherKey!)[0]).toMatchObject({ prSource: "subject", approvers: [], flags: ["no-approval", "unverified"] });
    // The fingerprint may be given with spaces and in lower case, as gpg prints it.
    const spaced = webFlow.toLowerCase().replace(/(.{4})/g, "$1 ").trim();
    expect(granted(await audit("--trusted-signer", spaced), c.signed!)[0]!.prSource).toBe("signed-merge");
  });

  it("an SSH merge key is named by its SHA256: fingerprint", async () => {
    expect(granted(await audit(), c.ssh!)[0]).toMatchObject({ prSource: "subject", flags: ["no-approval", "unverified"] });
    expect(granted(await audit("--trusted-signer", sshKey), c.ssh!)[0]).toMatchObject({ pr: 18, prSource: "signed-merge", approvers: [PRIYA], flags: [] });
    // Trusting the SSH key trusts nothing that the GPG key signed.
    expect(granted(await audit("--trusted-signer", sshKey), c.signed!)[0]!.prSource).toBe("subject");
  });

  it("refuses a --trusted-signer that is not a fingerprint", async () => {
    const r = await runCli(["audit", "--trusted-signer", "ABCD1234"], repo.root);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--trusted-signer "ABCD1234" is not a key fingerprint')]);
  });
});

describe("the pipeline's note, checked against the approvals the plan needed", () => {
  it("flags the grant whose owner is missing from the note, not the one it covers", async () => {
    const grants = granted(await audit(), c.partial!);
    expect(grants.map((e) => [e.target, e.prSource, e.approvers, e.flags])).toEqual([
      ["group:erp-project", "record", [PRIYA], []],
      ["group:finance", "record", [PRIYA], ["not-owner"]],
    ]);
  });

  it("an approver who could give none of the needed approvals approves nothing", async () => {
    const events = (await audit()).filter((e) => e.commit === c.stranger);
    expect(events.map((e) => [e.kind, e.flags])).toEqual([
      ["invited", ["not-owner"]],
      ["granted", ["not-owner"]],
    ]);
  });

  it("an Azure DevOps note's approval with \"at\": null counts, its time unknown, and is not an unreadable record", async () => {
    const events = (await audit()).filter((e) => e.commit === c.azure);
    expect(events.map((e) => e.kind)).toEqual(["invited", "granted"]);
    for (const e of events) expect(e).toMatchObject({ pr: 17, prSource: "record", approvers: [OLIVIA], approvals: [{ by: OLIVIA, source: "record", at: null }], flags: [] });
  });
});
