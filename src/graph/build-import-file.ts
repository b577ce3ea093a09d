// The `pulumi import --file` document for adopted guests' existing memberships and assignments, so that
// the first `pulumi up` finds them in its state instead of failing with "already exists". Pure.
// Names come from resourcesFor, the mapping the program registers; ids are in the azuread provider's
// import formats: {groupId}/member/{memberId} and /servicePrincipals/{spId}/appRoleAssignedTo/{id}.
import { DEFAULT_APP_ROLE } from "../model/build-desired-state";
import type { DesiredState } from "../model/desired-state";
import { APP_ROLE_ASSIGNMENT, GROUP_MEMBER, PROVIDER, PROVIDER_NAME, resourcesFor } from "../model/resources-for";
import type { AdoptedEntry } from "./build-adoption";

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
