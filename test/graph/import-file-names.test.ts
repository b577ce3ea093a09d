// guestops import names a new partner file after the guest's domain, which comes from Graph: untrusted.
// Only a plain DNS name makes a file name (one file, no folder); every other domain is left out with the
// reason, and every file import writes is one the loader validated, at that path, with those bytes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildAdoption, isPlainDomain, partnerFileName } from "../../src/graph/build-adoption";
import { checkWrittenFiles } from "../../src/graph/build-import-file";
import { blobIdOf } from "../../src/load/file-source";
import { exampleFiles } from "./demo-repo";

const stack = parse(exampleFiles()["stacks/prod.yaml"]!);
const adopt = (email: string) =>
  buildAdoption({ asOf: "2026-12-01", stack, guestFiles: [], newFileDir: "guests", undeclared: [{ email, objectId: "0f0f0f0f-0000-4000-8000-000000000001", grants: [{ kind: "group", key: "erp-project", id: "2bfefbfd-29d1-44bb-a135-061c81b2ada8" }] }] });

describe("a new partner file's name", () => {
  it.each([
    ["mia@tailspin.example", "guests/tailspin-example.yaml"],
    ["mia@eu.tailspin-travel.example", "guests/eu-tailspin-travel-example.yaml"],
    ["mia@xn--bcher-kva.example", "guests/xn--bcher-kva-example.yaml"],
  ])("%s goes to %s", (email, file) => {
    expect(adopt(email).files.map((f) => f.path)).toEqual([file]);
  });

  it.each(["mia@x/fabrikam.com", "mia@/fabrikam.com", "mia@fabrikam.com/", "mia@northwind.example/../fabrikam", "mia@..", "mia@fabrikam..com", "mia@-fabrikam.com", "mia@fabrikam.com.", "mia@fabrikam\\com.example", "mia@localhost", "mia@fab_rikam.com", "mia@fabrikam.com:8080"])(
    "%s is not adopted, with the reason, and no file is written",
    (email) => {
      const adoption = adopt(email);
      expect(adoption.files).toEqual([]);
      expect(adoption.adopted).toEqual([]);
      expect(adoption.skipped).toEqual([{ email, reason: expect.stringContaining("is not in a plain DNS domain") }]);
    },
  );

  it("is always one file name in the folder, for any domain a plain name allows", () => {
    const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 2, maxLength: 5 }), (labels) => {
        const domain = labels.join(".");
        expect(isPlainDomain(domain)).toBe(true);
        expect(partnerFileName(domain)).toMatch(/^[a-z0-9-]+\.yaml$/);
      }),
    );
  });

  it("refuses, rather than names, any other domain", () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }).filter((d) => /[^a-z0-9.-]/.test(d)), (domain) => {
        expect(() => partnerFileName(domain)).toThrow(/not a plain domain/);
      }),
    );
  });
});

describe("the files import writes", () => {
  const file = { path: "guests/tailspin-example.yaml", after: "partner: Tailspin\n" };
  const validated = (path: string, text: string) => ({ path, blobId: blobIdOf(new TextEncoder().encode(text)) });

  it.each([
    { desc: "validated at that path, with those bytes", files: [file], seen: [validated(file.path, file.after)], problems: [] },
    { desc: "never loaded", files: [file], seen: [], problems: ["guests/tailspin-example.yaml is not among the guest files the stack reads"] },
    { desc: "loaded with other bytes", files: [file], seen: [validated(file.path, "partner: Other\n")], problems: ["guests/tailspin-example.yaml would not be written as it was validated"] },
    { desc: "a second path to another file", files: [{ ...file, path: "guests//fabrikam.yaml" }], seen: [validated("guests//fabrikam.yaml", file.after)], problems: ["guests//fabrikam.yaml is not a plain path inside the repository"] },
    { desc: "a way out", files: [{ ...file, path: "guests/../../x.yaml" }], seen: [validated("guests/../../x.yaml", file.after)], problems: ["guests/../../x.yaml is not a plain path inside the repository"] },
    { desc: "an absolute path", files: [{ ...file, path: "/tmp/x.yaml" }], seen: [validated("/tmp/x.yaml", file.after)], problems: ["/tmp/x.yaml is not a plain path inside the repository"] },
  ])("$desc", ({ files, seen, problems }) => {
    expect(checkWrittenFiles(files, seen)).toEqual(problems);
  });
});
