// Validation problems as text, JSON or GitHub workflow commands. File names and messages carry values
// from files, so each reaches output through its medium's escaper. Pure: problems in, text out.
import { count } from "../model/words";
import { json, markdown, markdownCode, terminal, workflowCommand } from "../output/escape";
import pc from "picocolors";
import type { Colors } from "picocolors/types";
import { byPosition, type Problem } from "../model/problem";
import type { Validation } from "../rules/validate-repo";

export interface ValidationReport extends Validation {
  stack: string;
  asOf: string;
  guests: number;
  guestFiles: number;
  stackFiles: number;
  /** The command that judged the files, named in the summary: plan judges against the base too, so some errors are its own. */
  command?: "validate" | "plan";
}

/** "2 guest files and 1 stack file": which files were read, so a count never hides a missing stack. */
export function filesRead(r: Pick<ValidationReport, "guestFiles" | "stackFiles">): string {
  return `${count(r.guestFiles, "guest file")} and ${count(r.stackFiles, "stack file")}`;
}

export const VALIDATE_FORMATS = ["text", "json", "github"] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

export function renderText(report: ValidationReport, color = false): string {
  const c = color ? pc : pc.createColors(false);
  const lines = [...report.errors, ...report.warnings]
    .sort(byPosition)
    .map((p) => `${c.bold(terminal(`${p.file}:${p.line}:${p.column}`))} ${p.severity === "error" ? c.red("error:") : c.yellow("warning:")} ${terminal(p.message)} ${c.dim(`[${p.rule}]`)}`);
  lines.push(summaryLine(report, c));
  return lines.join("\n") + "\n";
}

function summaryLine(r: ValidationReport, c: Colors): string {
  const where = `stack ${terminal(r.stack)}, as of ${r.asOf}`;
  const warnings = r.warnings.length > 0 ? `, ${count(r.warnings.length, "warning")}` : "";
  if (r.errors.length > 0) {
    return c.red(`${count(r.errors.length, "error")}${warnings} in ${filesRead(r)} (${where}); fix the errors above and run guestops ${r.command ?? "validate"} again`);
  }
  return c.green(`valid: ${count(r.guests, "guest")} in ${filesRead(r)} (${where})${warnings}`);
}

export function renderJson(report: ValidationReport): string {
  const strip = ({ file, line, column, message, rule }: Problem) => ({ file, line, column, message, rule });
  return (
    json(
      {
        valid: report.errors.length === 0,
        stack: report.stack,
        asOf: report.asOf,
        errors: report.errors.map(strip),
        warnings: report.warnings.map(strip),
      },
    ) + "\n"
  );
}

/** Workflow commands: each problem becomes an annotation on its line in the PR's diff. */
export function renderGithub(report: ValidationReport): string {
  return [...report.errors, ...report.warnings].map(githubAnnotation).join("\n") + (report.errors.length + report.warnings.length > 0 ? "\n" : "");
}

export function githubAnnotation(p: Problem): string {
  const level = p.severity === "error" ? "error" : "warning";
  return workflowCommand(level, { file: p.file, line: p.line, col: p.column, title: `guestops ${p.rule}` }, p.message);
}

/** The job summary: a Markdown table of the problems. */
export function renderGithubSummary(report: ValidationReport): string {
  const command = `guestops ${report.command ?? "validate"}`;
  const head = report.errors.length > 0 ? `### ${command}: ${count(report.errors.length, "error")}` : `### ${command}: valid`;
  const lines = [head, "", `Stack ${markdownCode(report.stack)}, as of ${report.asOf}: ${count(report.guests, "guest")} in ${filesRead(report)}.`, ""];
  const all = [...report.errors, ...report.warnings];
  if (all.length > 0) {
    lines.push("| | Where | Problem | Rule |", "|---|---|---|---|");
    for (const p of all) lines.push(`| ${p.severity === "error" ? "❌" : "⚠️"} | ${markdownCode(`${p.file}:${p.line}:${p.column}`)} | ${markdown(p.message)} | \`${p.rule}\` |`);
  }
  return lines.join("\n") + "\n";
}
