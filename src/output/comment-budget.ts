// How much of one pull-request comment each part may take, in UTF-8 bytes: the unit of the cut. The PR
// workflow (.github/workflows/guestops-pr.yml, "Compose the comment") writes a marker and a status
// line, then the plan's Markdown, then the approval gate's Markdown, then a footer with the run's link;
// guestops-pr-comment.yml posts the first 65,000 bytes of that (`head -c 65000`), within GitHub's
// 65,536 characters. A CJK name takes three bytes a character, so a budget of characters let the cut
// take the end of the plan and the whole approval table. With these budgets nothing reaches the cut.

/** Where the comment workflow cuts the composed comment. */
export const COMMENT_CUT_BYTES = 65_000;
/** The marker, status line, blank lines and footer (with the run's URL) that the workflow adds. */
export const COMMENT_FRAME_BYTES = 2_000;
/** The approval gate's Markdown (`guestops approvals --format markdown`), after the plan. */
export const APPROVALS_MARKDOWN_BYTES = 15_000;
/** The plan's Markdown (`guestops plan --format markdown`): what is left. */
export const PLAN_MARKDOWN_BYTES = COMMENT_CUT_BYTES - COMMENT_FRAME_BYTES - APPROVALS_MARKDOWN_BYTES;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
