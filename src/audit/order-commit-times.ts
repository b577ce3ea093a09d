// When each first-parent commit reached the branch, from committer dates that anyone can set. A date
// after now is no date at all: such a commit reached the branch no later than the next commit with a
// believable date (or now). And along the first-parent chain the times never go back: a commit dated
// before its predecessor reached the branch no earlier than it. So a future date cannot hide the history
// after it, and a backdated commit cannot leave the period it belongs to.
// Pure: the dates in order, oldest first, and the present in; the times and which were adjusted out.

export interface OrderedTime {
  /** Milliseconds since the epoch. */
  at: number;
  /** The committer date was moved: unreadable, in the future, or before its predecessor's. */
  adjusted: boolean;
}

export function orderCommitTimes(dates: readonly string[], now: number = Date.now()): OrderedTime[] {
  const raw = dates.map((d) => {
    const t = /^\d{4}-\d{2}-\d{2}T/.test(d) ? Date.parse(d) : NaN;
    return t > now ? NaN : t;
  });
  // No later than the next believable date after it, or now.
  const ceiling: number[] = new Array<number>(raw.length);
  let next = now;
  for (let i = raw.length - 1; i >= 0; i--) {
    ceiling[i] = next;
    if (!Number.isNaN(raw[i]!)) next = Math.min(next, raw[i]!);
  }
  const out: OrderedTime[] = [];
  let floor = -Infinity;
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    const at = Math.max(Number.isNaN(t) ? ceiling[i]! : t, floor);
    out.push({ at, adjusted: Number.isNaN(t) || at !== t });
    floor = at;
  }
  return out;
}
