// The scripted history the audit tests share: a direct push, a squash with trailers, a GitHub merge
// approved through the pipeline's note, an Azure Repos merge approved by its own author, a rename and a
// move, an expiry between commits, an invalid commit and its fix, a renewal and its revert.
import { guestsYaml, HistoryRepo, stackYaml, type Author } from "./history-repo";

export const TOMAS: Author = { name: "Tomas Berg", email: "tomas.berg@contoso.com" };
const ANA = { email: "ana.silva@fabrikam.com", expires: "2027-05-31", groups: ["erp-project"] };
const BEN = { email: "ben.carter@fabrikam.com", expires: "2027-04-30", groups: ["erp-project"] };
const HENRIK = { email: "henrik.larsen@northwind.example", expires: "2026-10-20", apps: [{ app: "expenses", role: "Submitter" }] };
const CARLA = { email: "carla.gomez@fabrikam.com", expires: "2027-03-31" };

export interface Scripted {
  repo: HistoryRepo;
  c: Record<"readme" | "setup" | "squash" | "merge" | "azure" | "split" | "invalid" | "fix" | "renew" | "revert", string>;
}

export function script(): Scripted {
  const repo = new HistoryRepo();
  const c = {} as Scripted["c"];
  c.readme = repo.commit({ "README.md": "# guests\n" }, "Start the repository", "2026-09-01T09:00:00Z");
  c.setup = repo.commit({ "stacks/prod.yaml": stackYaml(), "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [ANA]) }, "Set up the prod stack with Ana", "2026-09-02T09:00:00Z");
  c.squash = repo.commit(
    { "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [{ ...ANA, apps: [{ app: "expenses", role: "Submitter" }] }]) },
    "Give Ana the expenses Submitter role (#12)\n\nShe files the project's travel.\n\nReviewed-by: Olivia Chen <olivia.chen@contoso.com>\nApproved-by: priya.natarajan@contoso.com\n",
    "2026-09-10T10:00:00+02:00",
  );
  const anaWithExpenses = { ...ANA, apps: [{ app: "expenses", role: "Submitter" }] };
  // A GitHub merge commit of a topic branch, approved through the pipeline's note.
  repo.git(["checkout", "-q", "-b", "ben"]);
  repo.commit({ "guests/fabrikam.yaml": guestsYaml("Fabrikam", "fabrikam.com", [anaWithExpenses, BEN]) }, "Add Ben", "2026-09-14T10:00:00Z");
  repo.git(["checkout", "-q", "main"]);
  repo.git(["merge", "-q", "--no-ff", "ben", "-m", "Merge pull request #13 from fabrikam/ben-carter"], "2026-09-15T10:00:00Z");
  c.merge = repo.head();
  repo.git(["notes", "--ref=guestops-approvals", "add", "-m", JSON.stringify({ pr: 13, approvals: [{ by: "priya.natarajan@contoso.com", at: "2026-09-15T09:00:00Z" }] }), c.merge], "2026-09-15T10:01:00Z");
  // An Azure Repos merge, approved by its own author only.
  repo.git(["checkout", "-q", "-b", "henrik"]);
  repo.commit({ "guests/northwind.yaml": guestsYaml("Northwind", "northwind.example", [HENRIK]) }, "Add Henrik", "2026-09-19T10:00:00Z", TOMAS);
  repo.git(["checkout", "-q", "main"]);
  repo.git(["merge", "-q", "--no-ff", "henrik", "-m", "Merged PR 14: Add Henrik\n\nApproved-by: Tomas Berg <tomas.berg@contoso.com>"], "2026-09-20T10:00:00Z", TOMAS);
  c.azure = repo.head();
  // Cosmetic only: a rename, a guest moved to another file, an address's case and a display name.
  c.split = repo.commit(
    {
      "guests/fabrikam.yaml": null,
      "guests/fabrikam/core.yaml": guestsYaml("Fabrikam", "fabrikam.com", [{ ...anaWithExpenses, email: "Ana.Silva@fabrikam.com", displayName: "Ana Silva (Fabrikam)" }]),
      "guests/fabrikam/ben.yaml": guestsYaml("Fabrikam", "fabrikam.com", [BEN]),
    },
    "Split Fabrikam's file",
    "2026-10-01T10:00:00Z",
  );
  c.invalid = repo.commit({ "guests/fabrikam/carla.yaml": guestsYaml("Fabrikam", "fabrikam.com", [{ ...CARLA, groups: ["erp-projekt"] }]) }, "Add Carla", "2026-10-25T10:00:00Z");
  c.fix = repo.commit({ "guests/fabrikam/carla.yaml": guestsYaml("Fabrikam", "fabrikam.com", [{ ...CARLA, groups: ["erp-project"] }]) }, "Fix Carla's group (#15)\n\nReviewed-by: priya.natarajan@contoso.com", "2026-10-26T10:00:00Z");
  c.renew = repo.commit(
    { "guests/fabrikam/ben.yaml": guestsYaml("Fabrikam", "fabrikam.com", [{ ...BEN, expires: "2027-06-30", groups: ["erp-project", "finance"], reviewed: "2026-11-01" }]) },
    "Renew Ben and add finance (#16)\n\nReviewed-by: Olivia Chen <olivia.chen@contoso.com>",
    "2026-11-02T10:00:00Z",
  );
  repo.git(["revert", "--no-edit", c.renew], "2026-11-05T10:00:00Z");
  c.revert = repo.head();
  return { repo, c };
}

