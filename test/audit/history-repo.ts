// A temporary Git repository with a scripted history for audit tests: commits, merges and notes with
// dates set by GIT_COMMITTER_DATE and chosen authors. Nothing reads the user's git config.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { writeTree } from "../helpers/write-tree";

export interface Author {
  name: string;
  email: string;
}

export const TESTER: Author = { name: "Guestops Test", email: "test@contoso.com" };

/** Lives until `remove()`, so that one history can serve a whole describe block (built in beforeAll). */
export class HistoryRepo {
  readonly root = mkdtempSync(join(tmpdir(), "guestops-history-"));

  constructor() {
    this.git(["init", "-q", "-b", "main"]);
  }

  git(args: string[], date = "2026-09-01T09:00:00Z", author: Author = TESTER): string {
    return execFileSync("git", args, {
      cwd: this.root,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    }).trim();
  }

  /** Writes the files (null deletes), commits everything, and returns the new commit's id. */
  commit(files: Record<string, string | null>, message: string, date: string, author: Author = TESTER): string {
    this.write(files);
    this.git(["add", "-A"], date, author);
    this.git(["commit", "-q", "--allow-empty", "--cleanup=verbatim", "-m", message], date, author);
    return this.head();
  }

  write(files: Record<string, string | null>): void {
    const write: Record<string, string> = {};
    for (const [path, content] of Object.entries(files)) {
      if (content === null) rmSync(join(this.root, path), { recursive: true, force: true });
      else write[path] = content;
    }
    writeTree(this.root, write);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  head(): string {
    return this.git(["rev-parse", "HEAD"]);
  }
}

export const TENANT = "11111111-1111-4111-8111-111111111111";

export function stackYaml(extra: Record<string, unknown> = {}): string {
  return stringify({
    tenantId: TENANT,
    internalDomains: ["contoso.com"],
    owners: ["mei.lin@contoso.com"],
    policy: { maxExpiryDays: 365, maxRemovalShare: 1, onRemoval: "retain", expiredGraceDays: 30, reviewIntervalDays: 180 },
    groups: {
      "erp-project": { objectId: "22222222-2222-4222-8222-222222222222", displayName: "ERP Project", owners: ["priya.natarajan@contoso.com"], allowGuests: true },
      finance: { objectId: "33333333-3333-4333-8333-333333333333", displayName: "Finance Readers", owners: ["olivia.chen@contoso.com"], allowGuests: true },
    },
    apps: {
      expenses: {
        servicePrincipalId: "55555555-5555-4555-8555-555555555555",
        displayName: "Contoso Expenses",
        owners: ["olivia.chen@contoso.com"],
        roles: { Submitter: "66666666-6666-4666-8666-666666666666" },
      },
    },
    ...extra,
  });
}

export interface GuestSpec {
  email: string;
  expires: string;
  groups?: string[];
  apps?: { app: string; role?: string }[];
  displayName?: string;
  reviewed?: string;
  sponsor?: string;
}

export function guestsYaml(partner: string, domain: string, guests: GuestSpec[]): string {
  return stringify(
    {
      partner,
      domains: [domain],
      sponsor: "priya.natarajan@contoso.com",
      guests: guests.map((g) => ({ displayName: g.email.split("@")[0], justification: "CHG-1 partner work", ...g })),
    },
    { lineWidth: 0 },
  );
}
