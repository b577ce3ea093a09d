// Runs the program on an inline file tree under fresh mocks and returns what was registered.
import { runProgram, type ProgramResult } from "../../src/pulumi/run-program";
import { testdir } from "../helpers/testdir";
import { installMocks, settled, type Registration } from "./record-registrations";

export interface FixtureRun {
  result: ProgramResult;
  registrations: Registration[];
  /** By `type name`. */
  byKey: Map<string, Registration>;
}

export async function runFixture(files: Record<string, string>, opts: { asOf: string; allowEmpty?: boolean; stack?: string }): Promise<FixtureRun> {
  const recorder = await installMocks(opts.stack ?? "prod");
  const result = await runProgram({
    root: testdir(files),
    stack: opts.stack ?? "prod",
    asOf: opts.asOf,
    allowEmpty: opts.allowEmpty ?? false,
    warn: () => {},
  });
  await settled(result.registered.map((r) => r.resource));
  await recorder.waitFor(result.specs.length);
  return { result, registrations: recorder.registrations, byKey: new Map(recorder.registrations.map((r) => [keyOf(r), r])) };
}

export function keyOf(r: { type: string; name: string }): string {
  return `${r.type} ${r.name}`;
}

/**
 * What a later `pulumi up` compares, per resource: every input outside ignoreChanges, and the options.
 * Two runs with equal views change, replace and delete nothing.
 */
export function effectiveView(registrations: readonly Registration[]): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const r of [...registrations].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1))) {
    const inputs = Object.fromEntries(Object.entries(r.inputs).filter(([k]) => !r.ignoreChanges.includes(k)));
    view[keyOf(r)] = { inputs, ignoreChanges: r.ignoreChanges, retainOnDelete: r.retainOnDelete, provider: r.provider, dependencies: [...r.dependencies].sort() };
  }
  return view;
}

/** Input names whose values differ between two runs of the same resource set. */
export function changedInputs(a: readonly Registration[], b: readonly Registration[]): string[] {
  const other = new Map(b.map((r) => [keyOf(r), r]));
  const changed = new Set<string>();
  for (const r of a) {
    const s = other.get(keyOf(r));
    if (!s) continue;
    for (const k of new Set([...Object.keys(r.inputs), ...Object.keys(s.inputs)])) {
      if (JSON.stringify(r.inputs[k]) !== JSON.stringify(s.inputs[k])) changed.add(`${r.name}.${k}`);
    }
  }
  return [...changed].sort();
}
