// The editor's second look refuses a text edit that means anything but the edit: another guest's field,
// a top-level key, or the edited entry beyond its edit.
import { describe, expect, it } from "vitest";
import { Meanings, type Change } from "../../src/edit/check-meaning";

const BEFORE = "partner: P\ndomains: [fabrikam.com]\nguests:\n  - email: a@fabrikam.com\n    expires: 2027-01-01\n  - email: b@fabrikam.com\n    expires: 2027-01-01\n";
const set: Change = { kind: "set", index: 0, fields: { reviewed: "2026-12-01" } };

describe("Meanings.holds", () => {
  it.each([
    { desc: "exactly the edit", change: set, after: BEFORE.replace("    expires: 2027-01-01\n  - email: b", "    expires: 2027-01-01\n    reviewed: 2026-12-01\n  - email: b"), holds: true },
    { desc: "the edit at another guest", change: set, after: `${BEFORE}    reviewed: 2026-12-01\n`, holds: false },
    { desc: "the edit and a top-level key", change: set, after: BEFORE.replace("partner: P", "partner: Q").replace("    expires: 2027-01-01\n  - email: b", "    expires: 2027-01-01\n    reviewed: 2026-12-01\n  - email: b"), holds: false },
    { desc: "a deletion of the right entry", change: { kind: "delete", index: 1 }, after: BEFORE.slice(0, BEFORE.indexOf("  - email: b")), holds: true },
    { desc: "a deletion of the wrong entry", change: { kind: "delete", index: 0 }, after: BEFORE.slice(0, BEFORE.indexOf("  - email: b")), holds: false },
    { desc: "a text that no longer parses", change: set, after: `${BEFORE}  - [`, holds: false },
  ] satisfies { desc: string; change: Change; after: string; holds: boolean }[])("$desc: $holds", ({ change, after, holds }) => {
    const m = new Meanings();
    m.record("guests/p.yaml", change);
    expect(m.holds("guests/p.yaml", BEFORE, after)).toBe(holds);
  });
});
