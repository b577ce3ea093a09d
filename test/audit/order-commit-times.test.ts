// Committer dates are untrusted: along the first-parent chain, the times the audit uses never go back,
// so a date in the future cannot hide the commits after it, and a backdated one cannot leave a period.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderCommitTimes } from "../../src/audit/order-commit-times";

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const t = (d: string) => Date.parse(d);

describe("orderCommitTimes", () => {
  it.each([
    { desc: "dates in order are kept", dates: ["2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z"], at: ["2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z"], adjusted: [false, false] },
    { desc: "a date in the future reached the branch no later than its successor", dates: ["2026-11-01T10:00:00Z", "2099-01-01T00:00:00Z", "2026-11-03T10:00:00Z"], at: ["2026-11-01T10:00:00Z", "2026-11-03T10:00:00Z", "2026-11-03T10:00:00Z"], adjusted: [false, true, false] },
    { desc: "a backdated commit reached the branch no earlier than its predecessor", dates: ["2026-11-05T10:00:00Z", "2020-01-01T00:00:00Z"], at: ["2026-11-05T10:00:00Z", "2026-11-05T10:00:00Z"], adjusted: [false, true] },
    { desc: "an unreadable date reached the branch no later than its successor", dates: ["2026-11-05T10:00:00Z", "%cI", "2026-11-06T10:00:00Z"], at: ["2026-11-05T10:00:00Z", "2026-11-06T10:00:00Z", "2026-11-06T10:00:00Z"], adjusted: [false, true, false] },
    { desc: "a last commit dated in the future reached the branch by now", dates: ["2026-11-01T10:00:00Z", "2099-01-01T00:00:00Z"], at: ["2026-11-01T10:00:00Z", "2026-12-01T12:00:00Z"], adjusted: [false, true] },
  ])("$desc", ({ dates, at, adjusted }) => {
    const out = orderCommitTimes(dates, t("2026-12-01T12:00:00Z"));
    expect(out.map((o) => iso(o.at))).toEqual(at);
    expect(out.map((o) => o.adjusted)).toEqual(adjusted);
  });

  it("never goes back, and keeps every date that is already in order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: t("2020-01-01T00:00:00Z"), max: t("2100-01-01T00:00:00Z") }), { maxLength: 40 }), (ms) => {
        const out = orderCommitTimes(ms.map(iso), t("2100-01-01T00:00:00Z"));
        for (let i = 1; i < out.length; i++) expect(out[i]!.at).toBeGreaterThanOrEqual(out[i - 1]!.at);
        const sorted = [...ms].sort((a, b) => a - b);
        if (ms.every((m, i) => m === sorted[i])) expect(out.every((o) => !o.adjusted)).toBe(true);
      }),
    );
  });
});
