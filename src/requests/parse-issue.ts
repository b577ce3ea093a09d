// An issue, from an `issues` event's JSON (what GITHUB_EVENT_PATH holds) or from the issue's own JSON
// (`gh api repos/OWNER/REPO/issues/N`). Everything in it is the requester's, or anyone's: untrusted.

/** GitHub's own limit on an issue body; a larger one was not written through GitHub. */
export const MAX_BODY_CHARS = 65_536;

export interface Issue {
  number: number;
  title: string;
  body: string;
  author: { login: string; bot: boolean };
  /** OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, ...; undefined in a bare issue from an older API. */
  association?: string;
  labels: string[];
  /** The event's action (opened, edited), when it came from an event. */
  action?: string;
}

/** A GitHub login: letters, digits and single hyphens, at most 39; an app's bot ends in [bot]. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(\[bot\])?$/;

export function parseIssueJson(text: string): { issue: Issue } | { error: string } {
  if (text.length > 4 * MAX_BODY_CHARS + 1_000_000) return { error: "the file is far larger than an issue event" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { error: `the file is not JSON (${(err as Error).message})` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { error: "the file is not an issue or an issues event (a JSON object)" };
  const event = json as Record<string, unknown>;
  const raw = (typeof event.issue === "object" && event.issue !== null ? event.issue : event) as Record<string, unknown>;
  const action = typeof event.issue === "object" && typeof event.action === "string" ? event.action : undefined;
  const user = raw.user as Record<string, unknown> | undefined;
  if (typeof raw.number !== "number" || !Number.isSafeInteger(raw.number) || raw.number < 1) return { error: "the issue has no number" };
  if (typeof user?.login !== "string" || !LOGIN.test(user.login)) return { error: "the issue's author has no GitHub login" };
  if (raw.body !== null && raw.body !== undefined && typeof raw.body !== "string") return { error: "the issue's body is not text" };
  if (raw.pull_request !== undefined) return { error: `#${raw.number} is a pull request, not an issue` };
  const labels = Array.isArray(raw.labels) ? raw.labels.map((l) => (typeof l === "string" ? l : (l as { name?: unknown })?.name)).filter((l): l is string => typeof l === "string") : [];
  const bot = user.type === "Bot" || user.login.endsWith("[bot]");
  return {
    issue: {
      number: raw.number,
      title: typeof raw.title === "string" ? raw.title : "",
      // GitHub stores what a browser sends: CRLF line breaks in text areas.
      body: typeof raw.body === "string" ? raw.body.replace(/\r\n?/g, "\n") : "",
      author: { login: user.login, bot },
      ...(typeof raw.author_association === "string" && { association: raw.author_association }),
      labels,
      ...(action !== undefined && { action }),
    },
  };
}
