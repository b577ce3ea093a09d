// The resource-level diff: resourcesFor(base) against resourcesFor(head), the same list the Pulumi
// program registers, judged the way Pulumi and the azuread provider would judge it. Pure.
import { isOutputRef, type InputValue, type ResourceSpec } from "../model/resources-for";
import { typeInfo, type ResourceType } from "../model/resource-types";
import type { IgnoredChange, ResourceChange, ResourceDiff } from "./plan-types";

/** "GroupMember" for the type token, for people. */
export function typeLabel(type: ResourceType): string {
  return typeInfo(type).label;
}

interface Pair {
  base: ResourceSpec;
  head: ResourceSpec;
  diffs: string[];
  ignored: string[];
  op?: "update" | "replace";
  reason?: string;
}

export function diffResources(base: readonly ResourceSpec[], head: readonly ResourceSpec[]): ResourceDiff {
  const changes: ResourceChange[] = [];
  const pairs: Pair[] = [];
  const create = (h: ResourceSpec) => changes.push({ op: "create", type: h.type, name: h.name, ...guestOf(h), after: h.inputs, reason: typeInfo(h.type).createReason(h.inputs) });
  const remove = (b: ResourceSpec) => {
    // Pulumi deletes with the inputs and options stored at the last deploy: the base's, not the head's.
    const retained = holdsAccount(b.type) ? !typeInfo(b.type).deletesAccount(b) : undefined;
    changes.push({ op: "delete", type: b.type, name: b.name, ...guestOf(b), before: b.inputs, reason: typeInfo(b.type).deleteReason(b), ...(retained !== undefined && { retained }) });
  };

  const baseByGuest = groupByGuest(base);
  for (const [guest, heads] of groupByGuest(head)) {
    const bases = baseByGuest.get(guest) ?? [];
    baseByGuest.delete(guest);
    // A name is unique within its type only; a guest has a handful of resources, so a scan is cheapest.
    const same = (x: ResourceSpec, y: ResourceSpec) => x.name === y.name && x.type === y.type;
    for (const h of heads) {
      const b = bases.find((x) => same(x, h));
      if (b) pairs.push(comparePair(b, h));
      else create(h);
    }
    for (const b of bases) if (!heads.some((h) => same(b, h))) remove(b);
  }
  for (const bases of baseByGuest.values()) bases.forEach(remove);

  cascadeReplacements(pairs);

  const ignored: IgnoredChange[] = [];
  for (const p of pairs) {
    if (p.ignored.length > 0) ignored.push({ type: p.head.type, name: p.head.name, ...guestOf(p.head), inputs: p.ignored });
    if (!p.op) continue;
    changes.push({
      op: p.op,
      type: p.head.type,
      name: p.head.name,
      ...guestOf(p.head),
      before: p.base.inputs,
      after: p.head.inputs,
      ...(p.diffs.length > 0 && { diffs: p.diffs }),
      ...(p.ignored.length > 0 && { ignored: p.ignored }),
      reason: p.reason!,
      // A replacement destroys the old resource; like a delete, it honours what is in state.
      ...(p.op === "replace" && holdsAccount(p.head.type) && { retained: !typeInfo(p.base.type).deletesAccount(p.base) }),
    });
  }
  return { changes: changes.sort(byGuestTypeName), ignored: ignored.sort(byGuestTypeName) };
}

/**
 * Resources by the guest they serve (the provider under undefined). Grouping by 10,000 guest keys rather
 * than indexing 40,000 joined names keeps hashing out of the hot path.
 */
function groupByGuest(specs: readonly ResourceSpec[]): Map<string | undefined, ResourceSpec[]> {
  const groups = new Map<string | undefined, ResourceSpec[]>();
  let current: ResourceSpec[] | undefined;
  for (const s of specs) {
    // resourcesFor emits a guest's resources together: look the guest up once per run, not per resource.
    if (current && current[0]!.guest === s.guest) {
      current.push(s);
      continue;
    }
    current = groups.get(s.guest);
    if (current) current.push(s);
    else groups.set(s.guest, (current = [s]));
  }
  return groups;
}

function comparePair(base: ResourceSpec, head: ResourceSpec): Pair {
  // Almost every pair is equal; say so without building path lists (40,000 pairs at 10,000 guests).
  if (sameInputs(base.inputs, head.inputs)) return { base, head, diffs: NONE, ignored: NONE };
  const all: string[] = [];
  diffInputs(base.inputs, head.inputs, "", all);
  // Pulumi applies the ignoreChanges of the program being deployed: the head's.
  const ignore = head.options.ignoreChanges ?? [];
  const isIgnored = (path: string) => ignore.some((i) => path === i || path.startsWith(`${i}.`));
  const pair: Pair = { base, head, diffs: all.filter((p) => !isIgnored(p)), ignored: all.filter(isIgnored) };
  if (pair.diffs.length === 0) return pair;
  const { replacedBy } = typeInfo(head.type);
  const replacing = replacedBy === "every" ? pair.diffs : pair.diffs.filter((d) => replacedBy.includes(d.split(".")[0]!));
  if (replacing.length === 0) {
    pair.op = "update";
    pair.reason = updateReason(base, head, pair.diffs);
  } else if (replacedBy === "every") {
    pair.op = "replace";
    pair.reason = replaceReason(base, head, pair.diffs);
  } else {
    pair.op = "replace";
    pair.reason = `tenantId changed from ${showInput(base.inputs.tenantId)} to ${showInput(head.inputs.tenantId)}: the provider and everything it manages are replaced`;
  }
  return pair;
}

/** A replaced provider replaces what it manages; a replaced resource replaces what uses its outputs. */
function cascadeReplacements(pairs: Pair[]): void {
  const replaced = new Set(pairs.filter((p) => p.op === "replace").map((p) => p.head.name));
  for (let grew = replaced.size > 0; grew; ) {
    grew = false;
    for (const p of pairs) {
      if (p.op === "replace") continue;
      const provider = p.head.options.provider;
      const ref = refsIn(p.head.inputs).find((r) => replaced.has(r.ref));
      let reason: string | undefined;
      if (provider && replaced.has(provider)) reason = `its provider "${provider}" is replaced`;
      else if (ref) reason = `${ref.input} comes from "${ref.ref}", which is replaced`;
      if (!reason) continue;
      // A type with no replacement (GuestLifecycle) updates in place to the new account instead.
      if (typeInfo(p.head.type).replacedBy.length === 0) {
        if (!p.op) [p.op, p.reason] = ["update", reason];
        continue;
      }
      p.op = "replace";
      p.reason = reason;
      replaced.add(p.head.name);
      grew = true;
    }
  }
}

/** Paths of the leaves that differ; an output reference is a leaf, equal when it names the same output. */
function diffInputs(before: Record<string, InputValue> | undefined, after: Record<string, InputValue> | undefined, prefix: string, out: string[]): void {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of [...keys].sort()) {
    const b = before?.[key];
    const a = after?.[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (isRecord(b) && isRecord(a)) diffInputs(b, a, path, out);
    else if (!sameLeaf(b, a)) out.push(path);
  }
}

const NONE: string[] = [];

function sameInputs(a: Record<string, InputValue>, b: Record<string, InputValue>): boolean {
  let count = 0;
  for (const key in a) {
    const x = a[key]!;
    const y = b[key];
    count++;
    if (x === y) continue;
    if (y === undefined || typeof x !== "object" || typeof y !== "object") return false;
    if (isOutputRef(x) || isOutputRef(y) || Array.isArray(x) || Array.isArray(y)) {
      if (!sameLeaf(x, y)) return false;
    } else if (!sameInputs(x as Record<string, InputValue>, y as Record<string, InputValue>)) return false;
  }
  for (const _ in b) count--;
  return count === 0;
}

function isRecord(v: InputValue | undefined): v is { [key: string]: InputValue } {
  return typeof v === "object" && v !== null && !isOutputRef(v) && !Array.isArray(v);
}

function sameLeaf(a: InputValue | undefined, b: InputValue | undefined): boolean {
  if (isOutputRef(a) && isOutputRef(b)) return a.ref === b.ref && a.output === b.output;
  // A list (GuestLifecycle's sponsors, a policy's conditions) is a leaf, equal when it holds the same items in the same order.
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i] || (typeof x === "object" && JSON.stringify(x) === JSON.stringify(b[i])));
  return a === b;
}

function refsIn(inputs: Record<string, InputValue>): { input: string; ref: string }[] {
  return Object.entries(inputs).flatMap(([input, v]) => (isOutputRef(v) ? [{ input, ref: v.ref }] : []));
}

function guestOf(s: ResourceSpec): { guest?: string } {
  return s.guest !== undefined ? { guest: s.guest } : {};
}

function holdsAccount(type: ResourceType): boolean {
  return typeInfo(type).holdsAccount;
}

function updateReason(base: ResourceSpec, head: ResourceSpec, diffs: string[]): string {
  const describe = typeInfo(head.type).updateReason;
  return describe ? describe(base.inputs, head.inputs, diffs) : `${diffs.join(", ")} changed`;
}

function replaceReason(base: ResourceSpec, head: ResourceSpec, diffs: string[]): string {
  // Adoption turns a member id from the invitation's output into the account's objectId: the same
  // person when the objectId is right, which only the tenant can tell.
  const swapped = diffs.find((d) => isOutputRef(base.inputs[d]) && typeof head.inputs[d] === "string");
  if (swapped && diffs.length === 1) {
    const ref = base.inputs[swapped] as { ref: string; output: string };
    return `${swapped} changes from invitation "${ref.ref}"'s ${ref.output} to ${head.inputs[swapped] as string}; Pulumi replaces it unless that is the same account`;
  }
  return `${diffs.join(", ")} changed (every ${typeLabel(head.type)} input forces a replacement)`;
}

function showInput(v: InputValue | undefined): string {
  return v === undefined || v === "" ? "(none)" : typeof v === "string" ? v : JSON.stringify(v);
}

function byGuestTypeName(a: { guest?: string; type: ResourceType; name: string }, b: { guest?: string; type: ResourceType; name: string }): number {
  const ga = a.guest ?? "";
  const gb = b.guest ?? "";
  if (ga !== gb) return ga < gb ? -1 : 1;
  const ta = typeInfo(a.type).order;
  const tb = typeInfo(b.type).order;
  if (ta !== tb) return ta - tb;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
