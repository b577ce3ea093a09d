// The double's write endpoints, for the lifecycle work that follows: PATCH a user, sponsors by $ref,
// and DELETE to deleted items; each refused without User.ReadWrite.All.
import { afterEach, describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, startGraphDouble, type GraphDouble } from "../graph-double/graph-double";
import { fakeId, guestUser, type DoubleTenant } from "../graph-double/tenant";

let double: GraphDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

function tenant(): DoubleTenant {
  const t: DoubleTenant = { tenantId: "94064533-4527-47b7-9975-e04a81fb6295", initialDomain: "contoso.onmicrosoft.com", users: [], groups: [], servicePrincipals: [] };
  t.users.push(guestUser(t, { id: fakeId(3, 1), mail: "ana@fabrikam.com" }));
  t.users.push({ ...guestUser(t, { id: fakeId(3, 2), mail: "mei.lin@contoso.com" }), userType: "Member", userPrincipalName: "mei.lin@contoso.com" });
  return t;
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const r = await fetch(`${double!.url}/v1.0${path}`, { method, headers: { Authorization: `Bearer ${double!.token}`, "Content-Type": "application/json" }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

describe("the double's writes", () => {
  it("patches, sponsors and deletes a guest", async () => {
    double = await startGraphDouble(tenant());
    const [ana, mei] = [fakeId(3, 1), fakeId(3, 2)];
    expect((await call("PATCH", `/users/${ana}`, { accountEnabled: false })).status).toBe(204);
    expect(((await call("GET", `/users/${ana}?$select=id,accountEnabled`)).json as { accountEnabled: boolean }).accountEnabled).toBe(false);
    expect((await call("POST", `/users/${ana}/sponsors/$ref`, { "@odata.id": `https://graph.microsoft.com/v1.0/users/${mei}` })).status).toBe(204);
    expect(((await call("GET", `/users/${ana}/sponsors`)).json as { value: { id: string }[] }).value.map((s) => s.id)).toEqual([mei]);
    expect((await call("DELETE", `/users/${ana}/sponsors/${mei}/$ref`)).status).toBe(204);
    expect(((await call("GET", `/users/${ana}/sponsors`)).json as { value: unknown[] }).value).toEqual([]);
    expect((await call("DELETE", `/users/${ana}`)).status).toBe(204);
    expect((await call("GET", `/users/${ana}`)).status).toBe(404);
  });

  it("refuses writes without User.ReadWrite.All, with Graph's error shape", async () => {
    double = await startGraphDouble(tenant(), { permissions: ALL_PERMISSIONS.filter((p) => p !== "User.ReadWrite.All") });
    const r = await call("PATCH", `/users/${fakeId(3, 1)}`, { accountEnabled: false });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ error: { code: "Authorization_RequestDenied", innerError: { "request-id": expect.any(String) } } });
  });
});
