// Which Graph a stack reads: --graph-url, else GUESTOPS_GRAPH_URL, else the stack's cloud.
// https://learn.microsoft.com/graph/deployments: service root endpoints of the national clouds.

export type Cloud = "public" | "usgov" | "china";

export const GRAPH_ROOTS: Record<Cloud, string> = {
  public: "https://graph.microsoft.com",
  usgov: "https://graph.microsoft.us",
  china: "https://microsoftgraph.chinacloudapi.cn",
};

export function cloudOf(value: unknown): Cloud {
  return value === "usgov" || value === "china" ? value : "public";
}

export function graphUrlOf(flag: string | undefined, env: NodeJS.ProcessEnv, cloud: Cloud): string {
  return flag ?? (env.GUESTOPS_GRAPH_URL || undefined) ?? GRAPH_ROOTS[cloud];
}
