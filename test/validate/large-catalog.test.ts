// A 5,000-group catalog with thousands of unknown references: the "did you mean" search has a fixed budget
// and listings are cut short, so the run ends with 50,000 short messages instead of running for a
// minute and failing with "Invalid string length". Work is counted, not timed.
import { describe, expect, it } from "vitest";
import { loadRepo } from "../../src/load/load-repo";
import { MAX_SUGGEST_WORK, suggester } from "../../src/model/closest";
import { MAX_LISTED } from "../../src/model/words";
import { validateRepo } from "../../src/rules/validate-repo";
import { AS_OF } from "../helpers/fixtures";
import { catalogKey, catalogRepo } from "../bench/synthetic-catalog";
import { memorySource } from "./helpers";

// The full 50,000 references run in `npm run bench` (test/bench/catalog.bench.ts); 10,000 keep the suite fast.
const SIZE = { groups: 5_000, guests: 200, refsPerGuest: 50 };
const GROUPS = SIZE.groups;

describe("a huge catalog with many unknown references", () => {
  it("reports each reference with a short message", async () => {
    const load = await loadRepo(memorySource(catalogRepo(SIZE)), "prod");
    const { errors } = validateRepo(load, AS_OF);
    const refs = errors.filter((e) => e.rule === "catalogReferences");
    expect(refs).toHaveLength(SIZE.guests * SIZE.refsPerGuest);
    expect(Math.max(...refs.map((e) => e.message.length))).toBeLessThan(400);
    expect(refs[0]!.message).toContain(`known keys: ${catalogKey(0)}, ${catalogKey(1)}`);
    expect(refs[0]!.message).toContain(`and ${(GROUPS - MAX_LISTED).toLocaleString("en-US")} more`);
    expect(errors.length).toBe(refs.length);
  });
});

describe("suggester", () => {
  const candidates = Array.from({ length: GROUPS }, (_, i) => catalogKey(i));
  const rows = [
    { desc: "a typo of a known key", word: "grup-0042", expected: "group-0042" },
    { desc: "a different case", word: "GROUP-0042", expected: "group-0042" },
    { desc: "nothing near", word: "finance-readers", expected: undefined },
  ];
  it.each(rows)("$desc", ({ word, expected }) => {
    expect(suggester(candidates).suggest(word)).toBe(expected);
  });

  it("compares only candidates of a length within reach", () => {
    const s = suggester([...candidates, "a", "ab", "a-much-longer-key-than-the-rest"]);
    s.suggest("abc");
    // "abc" reaches lengths 2 to 4: of these only "ab" exists.
    expect(s.work).toBe(1);
  });

  it("answers a repeated word from memory", () => {
    const s = suggester(candidates);
    s.suggest("unknown-1");
    const after = s.work;
    s.suggest("unknown-1");
    expect(s.work).toBe(after);
  });

  it("never spends more than its budget, however many words it is asked", () => {
    const s = suggester(candidates);
    for (let i = 0; i < 50_000; i++) s.suggest(`unknown-${i}`);
    expect(s.work).toBeLessThanOrEqual(MAX_SUGGEST_WORK);
    // Without the budget this would be 50,000 words times the 5,000 candidates of similar length.
    expect(s.work).toBeGreaterThan(0);
  });
});
