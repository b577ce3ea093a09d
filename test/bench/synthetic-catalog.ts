// A repository with a huge catalog and guests whose group references are all unknown (or all known),
// for the "did you mean" bounds. No test-framework imports, so benchmarks can use it too.

export interface CatalogSize {
  groups: number;
  guests: number;
  refsPerGuest: number;
}

export const catalogKey = (i: number): string => `group-${String(i).padStart(4, "0")}`;

/** Files of the repository; `known` makes every reference a catalog key instead of an unknown one. */
export function catalogRepo(size: CatalogSize, known = false): Record<string, string> {
  const groups = Array.from({ length: size.groups }, (_, i) => `  ${catalogKey(i)}:\n    objectId: 22222222-2222-4222-8222-${String(i).padStart(12, "0")}\n    displayName: Group ${i}\n    owners: [priya.natarajan@contoso.com]\n    allowGuests: true\n`).join("");
  const files: Record<string, string> = { "stacks/prod.yaml": `tenantId: 11111111-1111-4111-8111-111111111111\ninternalDomains: [contoso.com]\ngroups:\n${groups}apps: {}\n` };
  const perFile = Math.ceil(size.guests / 10);
  for (let f = 0; f * perFile < size.guests; f++) {
    const guests = Array.from({ length: Math.min(perFile, size.guests - f * perFile) }, (_, g) => {
      const n = f * perFile + g;
      const refs = Array.from({ length: size.refsPerGuest }, (_, r) => (known ? catalogKey((n * size.refsPerGuest + r) % size.groups) : `unknown-${n}-${r}`));
      return `  - email: guest${n}@fabrikam.com\n    displayName: Guest ${n}\n    expires: 2027-03-31\n    justification: CHG-1042 ERP migration\n    groups: [${[...new Set(refs)].join(", ")}]\n`;
    }).join("");
    files[`guests/fabrikam-${f}.yaml`] = `partner: Fabrikam\ndomains: [fabrikam.com]\nsponsor: priya.natarajan@contoso.com\nguests:\n${guests}`;
  }
  return files;
}
