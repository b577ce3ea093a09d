// Synthetic repositories for benchmarks: a believable stack and `guests` guests spread over `files` files.
// Each guest has two groups and one app role, like a typical partner engagement.

export interface SyntheticOptions {
  guests: number;
  files: number;
  /** Changes the expiry of every guest in files whose index satisfies this, to make a differing head. */
  mutate?: (fileIndex: number) => boolean;
}

const GROUPS = 20;
const APPS = 5;

function uuid(n: number, kind: number): string {
  const hex = (n * 7919 + kind * 104729).toString(16).padStart(12, "0").slice(-12);
  return `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${hex}`;
}

export function syntheticStack(): string {
  const lines = [
    "tenantId: 0a0b0c0d-0000-4000-8000-000000000001",
    "internalDomains: [contoso.com]",
    "policy:",
    "  maxExpiryDays: 365",
    "  maxRemovalShare: 0.25",
    "groups:",
  ];
  for (let g = 0; g < GROUPS; g++) {
    lines.push(`  group-${g}:`, `    objectId: ${uuid(g, 1)}`, `    displayName: Project group ${g}`, `    owners: [owner${g}@contoso.com]`, `    allowGuests: true`);
  }
  lines.push("apps:");
  for (let a = 0; a < APPS; a++) {
    lines.push(`  app-${a}:`, `    servicePrincipalId: ${uuid(a, 2)}`, `    displayName: App ${a}`, `    owners: [appowner${a}@contoso.com]`, `    roles:`, `      Reader: ${uuid(a, 3)}`, `      Writer: ${uuid(a, 4)}`);
  }
  return lines.join("\n") + "\n";
}

export function syntheticRepo(opts: SyntheticOptions): Record<string, string> {
  const files: Record<string, string> = { "stacks/bench.yaml": syntheticStack() };
  const perFile = Math.ceil(opts.guests / opts.files);
  for (let f = 0; f < opts.files; f++) {
    const expires = opts.mutate?.(f) ? "2027-06-30" : "2027-05-31";
    const lines = [
      "# yaml-language-server: $schema=../schemas/guests.schema.json",
      `partner: Partner ${f}`,
      `domains: [partner${f}.example]`,
      `sponsor: sponsor${f % 50}@contoso.com`,
      "guests:",
    ];
    for (let i = 0; i < perFile && f * perFile + i < opts.guests; i++) {
      const n = f * perFile + i;
      lines.push(
        `  - email: person.${n}@partner${f}.example`,
        `    displayName: Person ${n} (Partner ${f})`,
        `    expires: ${expires}`,
        `    justification: CHG-${10000 + n} project work`,
        `    groups: [group-${n % GROUPS}, group-${(n + 7) % GROUPS}]`,
        `    apps:`,
        `      - { app: app-${n % APPS}, role: ${n % 2 ? "Reader" : "Writer"} }`,
      );
    }
    files[`guests/partner-${String(f).padStart(4, "0")}.yaml`] = lines.join("\n") + "\n";
  }
  return files;
}
