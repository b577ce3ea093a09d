// Files parsed on the worker thread come back exactly as if parsed here: the same values, problems and
// positions, in the same order, whatever share of the files the worker took.
import { describe, expect, it } from "vitest";
import { checkFiles, type CheckJob } from "../../src/load/check-files";
import type { CheckedFile } from "../../src/load/check-file";
import { locate } from "../../src/load/parse-yaml";
import { syntheticRepo } from "../bench/synthetic";
import { FABRIKAM, STACK } from "../helpers/fixtures";
import { edit } from "../validate/helpers";

const text = (t: string) => new TextEncoder().encode(t);
const synthetic = Object.entries(syntheticRepo({ guests: 200, files: 20 })).filter(([p]) => p.startsWith("guests/")).map(([, t]) => t);
const jobs: CheckJob[] = [
  { bytes: text(STACK), schema: "stack" },
  { bytes: text(FABRIKAM), schema: "guests" },
  { bytes: text(edit(FABRIKAM, [["ana.silva@", "ana+silva@"], ["2027-", "2027-13-"]])), schema: "guests" },
  { bytes: text("partner: [unclosed\nguests: x: y\n"), schema: "guests" },
  { bytes: text(""), schema: "guests" },
  { bytes: new Uint8Array([0x70, 0x3a, 0x20, 0xff, 0x0a]), schema: "guests" },
  { bytes: text("partner: P\npartner: Q\n"), schema: "guests" },
  ...synthetic.map((t) => ({ bytes: text(t), schema: "guests" as const })),
];

/** What a caller can observe of a checked file, positions included. */
function observable(c: CheckedFile): unknown {
  const guests = (c.parsed.value as { guests?: unknown[] } | undefined)?.guests ?? [];
  return {
    value: c.parsed.value,
    text: c.parsed.text,
    parsedProblems: c.parsed.problems,
    problems: c.problems,
    positions: [[], ["partner"], ["guests"], ["tenantId"], ["nowhere", 3], ...guests.flatMap((_, i) => [["guests", i, "email"], ["guests", i, "groups", 1]])].map((p) => [locate(c.parsed, p), locate(c.parsed, p, true)]),
  };
}

describe("checkFiles", () => {
  it("gives the same results with the worker as without it", async () => {
    const alone = await checkFiles(jobs, { env: { GUESTOPS_PARSE_WORKER: "0" } });
    const shared = await checkFiles(jobs, { minBytes: 0, env: { GUESTOPS_PARSE_WORKER: "1" } });
    expect(shared.length).toBe(jobs.length);
    expect(shared.map(observable)).toEqual(alone.map(observable));
    // The fixtures include broken files, so the comparison covers problems as well as values.
    expect(alone.filter((c) => c.problems.length > 0).length).toBeGreaterThanOrEqual(5);
  }, 30_000);
});
