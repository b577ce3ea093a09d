// Decides whether a loaded, validated stack may be deployed at all. Pure: the program turns the reasons
// into an error before it registers anything, because the engine treats every resource the program does
// not register as one to delete.
import { count } from "../model/words";
import type { DesiredState } from "../model/desired-state";
import type { Problem } from "../model/problem";

export interface DeployCheck {
  stack: string;
  asOf: string;
  errors: readonly Problem[];
  desired: DesiredState;
  /** The patterns that selected guest files, for the message. */
  guestPatterns: readonly string[];
  guestFiles: number;
  allowEmpty: boolean;
  /** False for a stack that deploys only tenant policy (`deploys: tenantPolicy`): it has no guests by design. */
  deploysGuests?: boolean;
}

/** Why the stack must not be deployed; empty when it may be. */
export function checkDeployable(check: DeployCheck): string[] {
  const reasons: string[] = [];
  if (check.errors.length > 0) {
    // A half-valid state would silently drop the broken entries' guests, and dropping is removing.
    reasons.push(
      [
        `stack "${check.stack}" has ${count(check.errors.length, "validation error")}; guestops never deploys a half-valid state:`,
        ...check.errors.map((p) => `  ${formatProblem(p)}`),
        `Fix them (guestops validate --stack ${check.stack} --as-of ${check.asOf} lists the same errors) and run pulumi again.`,
      ].join("\n"),
    );
  }
  if (check.desired.guests.length === 0 && !check.allowEmpty && check.deploysGuests !== false) {
    // A checkout without guests/, a wrong glob or an emptied file must never read as "remove everyone".
    const found = check.guestFiles === 0 ? `no guest files match ${check.guestPatterns.join(", ")}` : `${count(check.guestFiles, "guest file")} but no guests`;
    reasons.push(
      `stack "${check.stack}" declares no guests (${found}); refusing to remove every guest's access on that basis. ` +
        `If that is really intended, run: pulumi config set guestops:allowEmpty true`,
    );
  }
  return reasons;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column} ${p.message}`;
}

