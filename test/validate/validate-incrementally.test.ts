// The audit's incremental validation gives validateRepo's errors at every commit of a history: the
// same verdict and, for an invalid state, the same errors, whatever files change and whenever.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadRepo, type ParseCache } from "../../src/load/load-repo";
import { memorySource } from "../../src/load/memory-source";
import { addDays } from "../../src/model/dates";
import { DATED_RULES, FILE_LOCAL_RULES, IncrementalValidator } from "../../src/rules/validate-incrementally";
import { guestEntries, validateRepo, VALIDATION_RULES } from "../../src/rules/validate-repo";
import type { RuleContext } from "../../src/rules/rule";

const STACK = `tenantId: 11111111-1111-4111-8111-111111111111
internalDomains: [contoso.com]
policy: { maxExpiryDays: 365, reviewIntervalDays: 30, blockedDomains: [gmail.com] }
groups:
  erp: { objectId: 22222222-2222-4222-8222-222222222222, displayName: ERP, owners: [priya@contoso.com], allowGuests: true }
  hr: { objectId: 33333333-3333-4333-8333-333333333333, displayName: HR, owners: [priya@contoso.com], allowGuests: false }
apps: {}
`;
const TIGHT_STACK = STACK.replace("maxExpiryDays: 365", "maxExpiryDays: 60");

/** Guest entries, some valid and some each breaking one rule, local or across files. */
const ENTRIES = [
  "{ email: ana@fabrikam.com, displayName: Ana, expires: 2026-09-01, justification: CHG-1 work, groups: [erp] }",
  "{ email: ben@fabrikam.com, displayName: Ben, expires: 2026-12-01, justification: CHG-2 work, groups: [erp] }",
  "{ email: ANA@fabrikam.com, displayName: Ana again, expires: 2026-08-01, justification: CHG-3 work }",
  "{ email: cleo@fabrikam.com, displayName: Cleo, expires: 2026-08-01, justification: CHG-4 work, groups: [erpp] }",
  "{ email: dan@fabrikam.com, displayName: Dan, expires: 2026-08-01, justification: CHG-5 work, groups: [hr] }",
  "{ email: eve@contoso.com, displayName: Eve, expires: 2026-08-01, justification: CHG-6 work }",
  "{ email: finn@gmail.com, displayName: Finn, expires: 2026-08-01, justification: CHG-7 work }",
  "{ email: gus@fabrikam.com, displayName: Gus, expires: 2027-06-30, justification: CHG-8 work }",
  "{ email: hal@fabrikam.com, displayName: Hal, expires: 2026-02-30, justification: CHG-9 work }",
  "{ email: ida@fabrikam.com, displayName: Ida, expires: 2026-08-01, justification: CHG-10 work, objectId: 44444444-4444-4444-8444-444444444444 }",
  "{ email: jo@fabrikam.com, displayName: Jo, expires: 2026-08-01, justification: CHG-11 work, objectId: 44444444-4444-4444-8444-444444444444 }",
];

function guestFile(entries: readonly number[]): string {
  return `partner: Fabrikam\ndomains: [fabrikam.com]\nsponsor: priya@contoso.com\nguests:\n${entries.map((i) => `  - ${ENTRIES[i]}\n`).join("")}`;
}

const step = fc.record({
  file: fc.constantFrom("guests/a.yaml", "guests/b.yaml", "guests/c.yaml"),
  // Mostly valid entries (ana twice in two cases, ida and jo with one objectId), so that one broken rule decides.
  entries: fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0, 1, 2, 9, 10) }, { weight: 1, arbitrary: fc.nat(ENTRIES.length - 1) }), { minLength: 1, maxLength: 3 }),
  tight: fc.constantFrom(false, false, false, true),
  days: fc.nat(40),
});

describe("IncrementalValidator", () => {
  it("gives validateRepo's errors at every step of a history", async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const files: Record<string, string> = { "stacks/prod.yaml": STACK, "guests/a.yaml": guestFile([0]) };
        const validator = new IncrementalValidator();
        const cache: ParseCache = new Map();
        let day = "2026-01-01";
        for (const s of steps) {
          files[s.file] = guestFile(s.entries);
          files["stacks/prod.yaml"] = s.tight ? TIGHT_STACK : STACK;
          day = addDays(day, s.days);
          const load = await loadRepo(memorySource(files), "prod", cache);
          const expected = validateRepo(load, day, { warnings: false }).errors;
          expect(validator.validate(load, day).errors).toEqual(expected);
          seen.add(expected.length === 0 ? "valid" : [...new Set(expected.map((e) => e.rule))].join(","));
        }
      }),
      { numRuns: 80 },
    );
    // The histories reached valid states, and states broken by one rule alone: across files, and by the day.
    expect([...seen]).toEqual(expect.arrayContaining(["valid", "uniqueEmails", "uniqueObjectIds", "expiryWithinPolicy"]));
    expect([...seen].some((rules) => /catalogReferences|groupAllowsGuests|domainNotInternal/.test(rules))).toBe(true);
  });

  it("keeps an undated rule's verdict across days only for rules that never read the day", async () => {
    const files = { "stacks/prod.yaml": TIGHT_STACK, "guests/a.yaml": guestFile(ENTRIES.map((_, i) => i)) };
    const load = await loadRepo(memorySource(files), "prod");
    const entries = guestEntries(load);
    const undated = VALIDATION_RULES.filter((r) => FILE_LOCAL_RULES.has(r) && !DATED_RULES.has(r));
    expect(undated.length).toBeGreaterThan(10);
    for (const rule of undated) {
      const ctx = {
        stack: load.stack!.value!,
        stackFile: load.stack,
        files: load.guestFiles,
        entries,
        error: () => undefined,
        warn: () => undefined,
        get asOf(): string {
          throw new Error(`${rule.name} reads the day`);
        },
      } as RuleContext;
      expect(() => rule(ctx), rule.name).not.toThrow();
    }
  });
});
