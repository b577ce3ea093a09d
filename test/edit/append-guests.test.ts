// appendGuests, the editor's append of many entries at once (import adopts a tenant's guests through it):
// each entry as guestops add writes one, with its comment line above it, which remove then takes away
// with the entry; a comment can never become a line of YAML; and a file it cannot append to is refused.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { appendGuests, editGuests } from "../../src/edit/edit-guests";
import { newPartnerText, type GuestEntryFields } from "../../src/edit/guest-entries";
import type { StackFile } from "../../src/model/stack-schema";
import { exampleText } from "../helpers/example";

const FABRIKAM = exampleText("guests/fabrikam.yaml");
const STACK = parse(exampleText("stacks/prod.yaml")) as Partial<StackFile>;
const entry = (email: string, extra: Partial<GuestEntryFields> = {}): GuestEntryFields => ({ email, displayName: "Zoe", objectId: "0f0f0f0f-0000-4000-8000-000000000001", expires: "2027-03-01", justification: "CHG-1 x", groups: ["erp-project"], apps: [], ...extra });
const textOf = (r: ReturnType<typeof appendGuests>): string => {
  if ("problem" in r) throw new Error(r.problem.message);
  return r.text;
};

describe("appendGuests", () => {
  it("appends each entry after the last, its comment above it, and remove takes both away again", () => {
    const after = textOf(appendGuests("guests/fabrikam.yaml", FABRIKAM, [{ fields: entry("zoe@fabrikam.com"), comment: "CONFIRM: adopted" }, { fields: entry("yan@fabrikam.com"), comment: "CONFIRM: adopted" }]));
    expect(after.slice(FABRIKAM.length)).toBe(
      "\n  # CONFIRM: adopted\n  - email: zoe@fabrikam.com\n    displayName: Zoe\n    objectId: 0f0f0f0f-0000-4000-8000-000000000001\n    expires: 2027-03-01\n    justification: CHG-1 x\n    groups: [erp-project]\n" +
        "\n  # CONFIRM: adopted\n  - email: yan@fabrikam.com\n    displayName: Zoe\n    objectId: 0f0f0f0f-0000-4000-8000-000000000001\n    expires: 2027-03-01\n    justification: CHG-1 x\n    groups: [erp-project]\n",
    );
    const removed = editGuests({ edit: { action: "remove", emails: ["zoe@fabrikam.com", "yan@fabrikam.com"] }, files: [{ path: "guests/fabrikam.yaml", text: after }], stack: STACK, asOf: "2026-12-01" });
    expect(removed.problems).toEqual([]);
    expect(removed.files[0]!.after).toBe(FABRIKAM);
  });

  it("starts a new partner file from newPartnerText, the first entry right below guests:", () => {
    const start = newPartnerText("guests/tailspin-example.yaml", "Tailspin: CONFIRM", "tailspin.example", "Created by import");
    const after = textOf(appendGuests("guests/tailspin-example.yaml", start, [{ fields: entry("xi@tailspin.example") }]));
    expect(after).toBe('# yaml-language-server: $schema=../schemas/guests.schema.json\n# Created by import\npartner: "Tailspin: CONFIRM"\ndomains: [tailspin.example]\n\nguests:\n  - email: xi@tailspin.example\n    displayName: Zoe\n    objectId: 0f0f0f0f-0000-4000-8000-000000000001\n    expires: 2027-03-01\n    justification: CHG-1 x\n    groups: [erp-project]\n');
  });

  it("writes any comment as comment lines only: the file means the same as without it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (comment) => {
        const withComment = textOf(appendGuests("guests/fabrikam.yaml", FABRIKAM, [{ fields: entry("zoe@fabrikam.com"), comment }]));
        const without = textOf(appendGuests("guests/fabrikam.yaml", FABRIKAM, [{ fields: entry("zoe@fabrikam.com") }]));
        expect(parse(withComment)).toEqual(parse(without));
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a file it cannot append to faithfully, at its place, and appends nothing", () => {
    const flow = "partner: P\ndomains: [fabrikam.com]\nguests: [{ email: a@fabrikam.com }]\n";
    expect(appendGuests("guests/p.yaml", flow, [{ fields: entry("zoe@fabrikam.com") }])).toEqual({ problem: expect.objectContaining({ file: "guests/p.yaml", line: 3, column: 9, message: expect.stringMatching(/flow style .*write it as a block list/) }) });
  });
});
