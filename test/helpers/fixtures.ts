// A small, valid stack and guest file to start table tests from. Tests change one thing at a time.
export const AS_OF = "2026-12-01";

export const STACK = `# yaml-language-server: $schema=../schemas/stack.schema.json
tenantId: 11111111-1111-4111-8111-111111111111
internalDomains: [contoso.com]
policy:
  maxExpiryDays: 365
  onRemoval: retain
groups:
  erp-project:
    objectId: 22222222-2222-4222-8222-222222222222
    displayName: ERP Project
    owners: [priya.natarajan@contoso.com]
    allowGuests: true
  finance:
    objectId: 33333333-3333-4333-8333-333333333333
    displayName: Finance Readers
    owners: [olivia.chen@contoso.com]
    allowGuests: true
    maxExpiryDays: 90
  security-ops:
    objectId: 44444444-4444-4444-8444-444444444444
    displayName: Security Operations
    owners: [hana.kobayashi@contoso.com]
    allowGuests: false
apps:
  expenses:
    servicePrincipalId: 55555555-5555-4555-8555-555555555555
    displayName: Contoso Expenses
    owners: [olivia.chen@contoso.com]
    roles:
      Submitter: 66666666-6666-4666-8666-666666666666
      Approver: 77777777-7777-4777-8777-777777777777
`;

export const FABRIKAM = `# yaml-language-server: $schema=../schemas/guests.schema.json
partner: Fabrikam
domains: [fabrikam.com]
sponsor: priya.natarajan@contoso.com
guests:
  - email: ana.silva@fabrikam.com
    displayName: Ana Silva
    expires: 2027-03-31
    justification: CHG-1042 ERP migration
    groups: [erp-project]
    apps:
      - { app: expenses, role: Submitter }
  - email: ben.carter@fabrikam.com
    displayName: Ben Carter
    expires: 2027-02-28
    justification: CHG-1042 ERP migration
    groups: [erp-project]
`;

/** A repository with the fixture stack as `prod` and Fabrikam's file. */
export function baseRepo(extra: Record<string, string | Uint8Array> = {}): Record<string, string | Uint8Array> {
  return { "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM, ...extra };
}
