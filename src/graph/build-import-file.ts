// The `pulumi import --file` document for adopted guests' existing memberships and assignments, so that
// the first `pulumi up` finds them in its state instead of failing with "already exists". Pure.
// Names come from resourcesFor, the mapping the program registers; ids are in the azuread provider's
// import formats: {groupId}/member/{memberId} and /servicePrincipals/{spId}/appRoleAssignedTo/{id}.
import { DEFAULT_APP_ROLE } from "../model/build-desired-state";
import type { DesiredState } from "../model/desired-state";
import { APP_ROLE_ASSIGNMENT, GROUP_MEMBER, PROVIDER, PROVIDER_NAME, resourcesFor } from "../model/resources-for";
import { blobIdOf } from "../load/file-source";
import type { AdoptedEntry } from "./build-adoption";
import type { TenantGrants } from "./read-tenant";

export interface PulumiImportFile {
  nameTable: Record<string, string>;
  resources: { type: string; name: string; id: string; provider: string }[];
}

export function buildImportFile(state: DesiredState, adopted: readonly AdoptedEntry[], project: string): PulumiImportFile {
  const byKey = new Map(adopted.map((a) => [a.email.toLowerCase(), a]));
  const resources: PulumiImportFile["resources"] = [];
  for (const spec of resourcesFor(state)) {
    const entry = spec.guest === undefined ? undefined : byKey.get(spec.guest);
    if (!entry) continue;
    if (spec.type === GROUP_MEMBER) {
      resources.push({ type: spec.type, name: spec.name, id: `${spec.inputs.groupObjectId}/member/${spec.inputs.memberObjectId}`, provider: PROVIDER_NAME });
    } else if (spec.type === APP_ROLE_ASSIGNMENT) {
      const spId = spec.inputs.resourceObjectId as string;
      const roleId = spec.inputs.appRoleId as string;
      const app = Object.values(state.catalog.apps).find((a) => a.id === spId);
      const held = entry.guest.grants.find((g) => g.kind === "app" && g.id === spId && (g.role === undefined ? DEFAULT_APP_ROLE : app?.roles[g.role]) === roleId);
      if (held?.assignmentId) resources.push({ type: spec.type, name: spec.name, id: `/servicePrincipals/${spId}/appRoleAssignedTo/${held.assignmentId}`, provider: PROVIDER_NAME });
    }
  }
  // The explicit provider is referenced by URN; it must exist in the stack before the import runs.
  return { nameTable: { [PROVIDER_NAME]: `urn:pulumi:${state.stack}::${project}::${PROVIDER}::${PROVIDER_NAME}` }, resources };
}

/** One app role assignment as Graph returned it, with the catalog app it came from. */
export interface SeenAssignment {
  id: string;
  app: string;
  servicePrincipalId: string;
  principalId: string;
  appRoleId: string;
}

/**
 * Assignment ids that Graph returned more than once. An id names one assignment, and the import file
 * adopts each by its id: a repeated one would hand two resources the same object, and the second
 * `pulumi import` would adopt the wrong assignment or fail.
 */
export function duplicateAssignments(grants: TenantGrants, apps: readonly { key: string; id: string }[]): [SeenAssignment, SeenAssignment][] {
  const seen = new Map<string, SeenAssignment>();
  const duplicates: [SeenAssignment, SeenAssignment][] = [];
  for (const [spId, byPrincipal] of grants.assignments) {
    const app = apps.find((a) => a.id === spId)?.key ?? spId;
    for (const list of byPrincipal.values()) {
      for (const a of list) {
        const here: SeenAssignment = { id: a.id, app, servicePrincipalId: spId, principalId: a.principalId, appRoleId: a.appRoleId };
        const first = seen.get(a.id.toLowerCase());
        if (first) duplicates.push([first, here]);
        else seen.set(a.id.toLowerCase(), here);
      }
    }
  }
  return duplicates;
}

/** What is wrong with an import file before it is written: a name or an import id used twice. */
export function checkImportFile(file: PulumiImportFile): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const ids = new Map<string, string>();
  for (const r of file.resources) {
    const name = `${r.type} ${r.name}`;
    if (names.has(name)) problems.push(`resource ${r.name} (${r.type}) is listed twice`);
    names.add(name);
    const other = ids.get(r.id);
    if (other !== undefined) problems.push(`${other} and ${r.name} would both import ${r.id}`);
    else ids.set(r.id, r.name);
  }
  return problems;
}

/** A file that import is about to write, and the files the loader validated with it. */
export interface WrittenFile {
  path: string;
  after: string;
}

/**
 * What is wrong with the files import is about to write: each must be a plain relative path inside the
 * repository (written where it was validated, never a second path to another file) and among the guest
 * files the stack read, with the very bytes that were validated. A file that fails is never written.
 */
export function checkWrittenFiles(files: readonly WrittenFile[], validated: readonly { path: string; blobId: string }[]): string[] {
  const problems: string[] = [];
  for (const f of files) {
    if (!isPlainRelativePath(f.path)) {
      problems.push(`${f.path} is not a plain path inside the repository`);
      continue;
    }
    const loaded = validated.find((v) => v.path === f.path);
    if (!loaded) problems.push(`${f.path} is not among the guest files the stack reads`);
    else if (loaded.blobId !== blobIdOf(new TextEncoder().encode(f.after))) problems.push(`${f.path} would not be written as it was validated`);
  }
  return problems;
}

/** `a/b.yaml`: no leading `/`, no `.`, `..` or empty segment, no backslash or drive letter. */
function isPlainRelativePath(path: string): boolean {
  return path.length > 0 && !/[\\:]/.test(path) && path.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}
