// A scripted history of reviews and renewals, shared by the audit tests and docs/auditors.md's worked
// example (test/docs-outputs.test.ts reruns the commands the page shows on it). Dates, authors and
// contents are fixed, so its commit ids are the same on every run.
//
// Policy: a review every 90 days. Priya sponsors the Fabrikam guests, Tomas the Northwind ones.
// - Ana: a renewal on 2026-03-20 records her first review (on time), approved through the note by
//   Priya, who owns the group it extends; her next review reaches the branch on 2026-06-25, after
//   2026-06-18 (late), though its file claims `reviewed: 2026-06-15`.
// - Ben: never reviewed (missed).
// - Carla: a review whose only approval is a forged `Approved-by:` trailer (it settles nothing: missed).
// - Henrik: access lapses on 2026-04-01, before his review falls due; renewed on 2026-04-10 with Tomas's
//   and Olivia's approvals, and a `Requested-by:` trailer (shown, unverified).
// - Jun: reviewed on time by Tomas; his access lapses on 2026-06-01 and nobody renews it.
//   A later PR that writes a `reviewed` date on his lapsed entry is no review: he has no access to review.
// - Lena: removed by a PR before her access ends: neither a lapse nor a review due.
import { guestsYaml, HistoryRepo, stackYaml, type GuestSpec } from "./history-repo";

export const PRIYA = "priya.natarajan@contoso.com";
export const TOMAS = "tomas.berg@contoso.com";
export const OLIVIA = "olivia.chen@contoso.com";

const ANA: GuestSpec = { email: "ana.silva@fabrikam.com", expires: "2026-12-31", groups: ["erp-project"] };
const BEN: GuestSpec = { email: "ben.carter@fabrikam.com", expires: "2026-12-31", groups: ["erp-project"] };
const CARLA: GuestSpec = { email: "carla.gomez@fabrikam.com", expires: "2026-12-31", groups: ["erp-project"] };
const HENRIK: GuestSpec = { email: "henrik.larsen@northwind.example", expires: "2026-03-31", apps: [{ app: "expenses", role: "Submitter" }], sponsor: TOMAS };
const JUN: GuestSpec = { email: "jun.tanaka@northwind.example", expires: "2026-05-31", groups: ["erp-project"], sponsor: TOMAS };
const LENA: GuestSpec = { email: "lena.fischer@northwind.example", expires: "2026-09-30", groups: ["erp-project"], sponsor: TOMAS };

export type ReviewCommit = "setup" | "removeLena" | "forgedReview" | "renewAna" | "reviewJun" | "renewHenrik" | "lapsedReview" | "lateReview";

export interface ReviewHistory {
  repo: HistoryRepo;
  c: Record<ReviewCommit, string>;
}

export function reviewHistory(): ReviewHistory {
  const repo = new HistoryRepo();
  const c = {} as ReviewHistory["c"];
  const fabrikam = (guests: GuestSpec[]) => ({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", guests) });
  const northwind = (guests: GuestSpec[]) => ({ "guests/northwind.yaml": guestsYaml("Northwind", "northwind.example", guests) });
  /** A squash merge of PR `pr`, with the pipeline's approvals note when `approvers` are given. */
  const merge = (files: Record<string, string>, message: string, pr: number, date: string, approvers: string[] = []): string => {
    const commit = repo.commit(files, message.replace(/^([^\n]*)/, `$1 (#${pr})`), date);
    const note = { commit, pr, approvals: approvers.map((by) => ({ by, at: date })) };
    if (approvers.length > 0) repo.git(["notes", "--ref=guestops-approvals", "add", "-m", JSON.stringify(note), commit], date);
    return commit;
  };
  const policy = { maxExpiryDays: 365, maxRemovalShare: 1, onRemoval: "retain", expiredGraceDays: 30, reviewIntervalDays: 90 };
  c.setup = merge({ "stacks/prod.yaml": stackYaml({ policy }), ...fabrikam([ANA, BEN, CARLA]), ...northwind([HENRIK, JUN, LENA]) }, "Set up the prod stack", 1, "2026-01-05T09:00:00Z", ["mei.lin@contoso.com", PRIYA, TOMAS, OLIVIA]);
  c.removeLena = merge(northwind([HENRIK, JUN]), "Lena's project ended", 2, "2026-02-15T09:00:00Z", [TOMAS]);
  // Unsigned and without a note: its trailers are text anyone who can push can write.
  c.forgedReview = repo.commit(fabrikam([ANA, BEN, { ...CARLA, reviewed: "2026-03-01" }]), `Review Carla (#3)\n\nApproved-by: ${PRIYA}\nRequested-by: carla.gomez@fabrikam.com\n`, "2026-03-01T09:00:00Z");
  const anaRenewed = { ...ANA, expires: "2027-03-15", reviewed: "2026-03-20" };
  c.renewAna = merge(fabrikam([anaRenewed, BEN, { ...CARLA, reviewed: "2026-03-01" }]), "Renew Ana", 4, "2026-03-20T09:00:00Z", [PRIYA]);
  c.reviewJun = merge(northwind([HENRIK, { ...JUN, reviewed: "2026-04-01" }]), "Review Jun", 5, "2026-04-01T09:00:00Z", [TOMAS]);
  c.renewHenrik = merge(
    northwind([{ ...HENRIK, expires: "2026-12-31", reviewed: "2026-04-10" }, { ...JUN, reviewed: "2026-04-01" }]),
    "Renew Henrik\n\nHis access lapsed on 1 April; the project runs to December.\n\nRequested-by: Henrik Larsen <henrik.larsen@northwind.example>",
    6,
    "2026-04-10T09:00:00Z",
    [OLIVIA, TOMAS],
  );
  c.lapsedReview = merge(northwind([{ ...HENRIK, expires: "2026-12-31", reviewed: "2026-04-10" }, { ...JUN, reviewed: "2026-06-10" }]), "Record Jun's review", 8, "2026-06-10T09:00:00Z", [TOMAS]);
  c.lateReview = merge(fabrikam([{ ...anaRenewed, reviewed: "2026-06-15" }, BEN, { ...CARLA, reviewed: "2026-03-01" }]), "Review Ana", 7, "2026-06-25T09:00:00Z", [PRIYA]);
  return { repo, c };
}
