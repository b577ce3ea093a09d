// Validation problems as Azure DevOps logging commands: one ##vso[task.logissue] per problem, on its
// file and line. Pure: problems in, text out, through the one Azure escaper.
import type { Problem } from "../model/problem";
import { azureCommand } from "../output/escape";
import type { ValidationReport } from "./render-problems";

export function azureIssue(p: Problem): string {
  return azureCommand("task.logissue", { type: p.severity === "error" ? "error" : "warning", sourcepath: p.file, linenumber: p.line, columnnumber: p.column, code: p.rule }, p.message);
}

export function renderAzure(report: ValidationReport): string {
  const all = [...report.errors, ...report.warnings];
  return all.map(azureIssue).join("\n") + (all.length > 0 ? "\n" : "");
}
