// The guardrails section of status and drift, in each of their formats. Every value from Graph or a
// file goes through src/output/escape.ts for its medium.
import { csvField, markdown, markdownCode, terminal } from "../output/escape";
import { UNDECLARED_PARTNER_FIX, type SettingRow, type TenantPolicyComparison } from "./build-tenant-policy-drift";

const MARK: Record<SettingRow["state"], string> = { same: "=", differs: "≠", unknown: "?" };

export function renderPolicyText(c: TenantPolicyComparison, title: string): string[] {
  const lines = ["", `${title} (${c.settings.length} setting(s), ${c.undeclaredPartners.length} partner configuration(s) not declared):`];
  for (const note of c.notes) lines.push(`  note: ${terminal(note)}`);
  for (const s of c.settings) {
    lines.push(`  ${MARK[s.state]} ${terminal(s.setting)}: declared ${terminal(s.declared)}, tenant ${terminal(s.tenant)}  (${terminal(s.file)})`);
    if (s.fix) lines.push(`      fix: ${terminal(s.fix)}`);
  }
  for (const p of c.undeclaredPartners) {
    lines.push(`  + partner configuration ${terminal(p.tenantId)} in the tenant, not in Git (trustMfa ${p.trustMfa}, trustCompliantDevice ${p.trustCompliantDevice})`);
    lines.push(`      fix: ${terminal(UNDECLARED_PARTNER_FIX)}`);
  }
  if (c.settings.length === 0 && c.undeclaredPartners.length === 0) lines.push("  No difference.");
  return lines;
}

export function renderPolicyMarkdown(c: TenantPolicyComparison, title: string): string[] {
  const lines = ["", `#### ${markdown(title)}`, ""];
  for (const note of c.notes) lines.push(`> **Note:** ${markdown(note)}`, "");
  if (c.settings.length === 0 && c.undeclaredPartners.length === 0) return [...lines, "No difference.", ""];
  lines.push("| | Setting | Declared | Tenant | File | Fix |", "|---|---|---|---|---|---|");
  for (const s of c.settings) lines.push(`| ${s.state} | ${markdown(s.setting)} | ${markdownCode(s.declared)} | ${markdownCode(s.tenant)} | ${markdown(s.file)} | ${markdown(s.fix)} |`);
  for (const p of c.undeclaredPartners) lines.push(`| not in Git | partner configuration ${markdownCode(p.tenantId)} | | ${markdownCode(`trustMfa ${p.trustMfa}, trustCompliantDevice ${p.trustCompliantDevice}`)} | | ${markdown(UNDECLARED_PARTNER_FIX)} |`);
  lines.push("");
  return lines;
}

/** The JSON contract: { settings: [{ setting, file, declared, tenant, state, fix }], undeclaredPartners, notes }. */
export function policyJson(c: TenantPolicyComparison): TenantPolicyComparison {
  return { settings: c.settings, undeclaredPartners: c.undeclaredPartners, notes: c.notes };
}

/**
 * Status's CSV is one table: each setting is a row in the guests' columns, with status "tenantPolicy",
 * the setting in email, found false when the tenant's value is unknown, the state in flags and
 * "declared:VALUE tenant:VALUE" in mismatches.
 */
export function policyCsvRows(c: TenantPolicyComparison, columns: number): string[] {
  const row = (email: string, file: string, found: boolean, flag: string, mismatch: string): string => {
    const cells: (string | boolean)[] = [email, file, "tenantPolicy", found];
    const out = cells.map((v) => csvField(v));
    while (out.length < columns - 2) out.push("");
    out.push(csvField(flag), csvField(mismatch));
    return out.join(",");
  };
  return [
    ...c.settings.map((s) => row(s.setting, s.file, s.state !== "unknown", s.state, `declared:${s.declared} tenant:${s.tenant}`)),
    ...c.undeclaredPartners.map((p) => row(`partner configuration ${p.tenantId}`, "", true, "undeclared", `tenant:trustMfa=${p.trustMfa},trustCompliantDevice=${p.trustCompliantDevice}`)),
  ];
}
