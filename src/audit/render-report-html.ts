// The auditor's report as ONE self-contained HTML file: inline CSS, inline SVG charts, tables sortable
// by a few lines of inline script, and a Content-Security-Policy that forbids every network request,
// so the file can be attached to an audit ticket and opened anywhere. Every value goes through html().
import { html } from "../output/escape";
import type { AuditEvent } from "./audit-types";
import type { Count, Report } from "./build-report";
import type { Lapses, Renewals, Reviews } from "./build-reviews";
import { attestation, periodStart, unverifiedApprovers } from "./render-audit";
import { attesters, percent } from "./render-report-markdown";

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
main{max-width:1400px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}h3{font-size:15px;margin:20px 0 6px}
.meta{color:#57606a}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:120px}
.card .value{display:block;font-size:24px;font-weight:600}.card .label{color:#57606a;font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:16px}
figure{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:0;padding:10px}figcaption{font-weight:600;margin-bottom:6px}
.scroll{overflow-x:auto}.scroll+.scroll{margin-top:12px}table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef1f4;cursor:pointer;user-select:none;white-space:nowrap}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right}code,pre{font-family:ui-monospace,Consolas,monospace;font-size:12px}pre{background:#fff;border:1px solid #d0d7de;padding:6px 8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.flag{display:inline-block;white-space:nowrap;background:#ffebe9;color:#a40e26;border-radius:10px;padding:0 6px;margin:1px;font-size:12px}
.empty{color:#57606a;font-style:italic}`;

// Sorts a table by the clicked column: numbers by data-sort, the rest as text; a second click reverses.
const SCRIPT = `
document.querySelectorAll("table.sortable").forEach(function(table){
  table.querySelectorAll("th").forEach(function(th,col){
    th.addEventListener("click",function(){
      var dir=th.getAttribute("aria-sort")==="ascending"?"descending":"ascending";
      table.querySelectorAll("th").forEach(function(o){o.removeAttribute("aria-sort")});
      th.setAttribute("aria-sort",dir);
      var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      var key=function(r){var c=r.cells[col];var s=c.getAttribute("data-sort");return s!==null?Number(s):c.textContent};
      rows.sort(function(a,b){var x=key(a),y=key(b);var d=typeof x==="number"?x-y:String(x).localeCompare(String(y));return dir==="ascending"?d:-d});
      rows.forEach(function(r){body.appendChild(r)});
    });
  });
});`;

export function renderReportHtml(r: Report): string {
  const c = r.current;
  const p = r.period;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Guest access report: ${html(r.stack)} ${html(r.until)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Guest access report: stack <code>${html(r.stack)}</code></h1>
<p class="meta">History of commit <code>${html(r.head)}</code>; state at ${r.commit ? `<code>${html(r.commit)}</code>` : "no commit yet"}, judged on ${html(c.asOf)}. Period: ${html(periodStart(r.since, r.start))} to ${html(r.until)}.</p>
<section id="current">
<h2>Current state</h2>
<div class="cards">
${card("current.activeGuests", c.activeGuests, "active guests")}
${card("current.guests", c.guests, "declared guests")}
${card("current.grants", c.grants, "grants held")}
${card("current.expiring.within30", c.expiring.within30, "expiring within 30 days")}
${card("current.expiring.within60", c.expiring.within60, "within 60 days")}
${card("current.expiring.within90", c.expiring.within90, "within 90 days")}
${card("current.overdueReviews", c.overdueReviews.length, "overdue reviews")}
</div>
${reproduce(r.commands.current!)}
<div class="charts">
${barChart("chart-partner", "Guests per partner", c.byPartner)}
${barChart("chart-group", "Guests per group", c.byGroup)}
${barChart("chart-app", "Guests per app role", c.byApp)}
${barChart("chart-expiring", "Expiring", [
  { name: "within 30 days", guests: c.expiring.within30 },
  { name: "within 60 days", guests: c.expiring.within60 },
  { name: "within 90 days", guests: c.expiring.within90 },
])}
</div>
<h3>Expiring within 90 days</h3>
${table("expiring", ["Guest", "Partner", "Expires", "Days left"], c.expiring.guests.map((g) => [text(g.email), text(g.partner), text(g.expires), num(g.daysLeft)]))}
<h3>Overdue reviews${c.reviewIntervalDays !== null ? ` (every ${c.reviewIntervalDays} days)` : ""}</h3>
${c.reviewIntervalDays === null ? `<p class="empty">The stack sets no policy.reviewIntervalDays.</p>` : table("overdue", ["Guest", "Partner", "Last reviewed", "Counted from", "Days"], c.overdueReviews.map((o) => [text(o.email), text(o.partner), text(o.reviewed ?? "never"), text(o.since), num(o.daysSince)]))}
<h3>Largest grants</h3>
${table("largest", ["Target", "Guests"], c.largestGrants.map((g) => [text(g.name), num(g.guests)]))}
</section>
<section id="period">
<h2>The period</h2>
<div class="cards">
${card("period.counts.events", p.counts.events, "events")}
${card("period.counts.granted", p.counts.granted, "grants")}
${card("period.counts.removed", p.counts.removed, "removals")}
${card("period.counts.flagged", p.counts.flagged, "flagged events")}
${card("period.counts.invalid", p.counts.invalid, "invalid commits")}
</div>
<h3>Grants</h3>
${reproduce(r.commands.granted!)}
${eventTable("granted", p.granted)}
<h3>Removals</h3>
${reproduce(r.commands.removed!)}
${eventTable("removed", p.removed)}
<h3>Flagged events</h3>
${reproduce(r.commands.flagged!)}
${eventTable("flagged", p.flagged)}
${reviewsSection(p.reviews, r.commands.reviews!)}
${renewalsSection(p.renewals, r.commands.renewals!)}
${lapsesSection(p.lapses, r.commands.lapses!)}
</section>
<h2>Reproduce this report</h2>
<pre><code>${html(r.commands.report!)}</code></pre>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const sponsorName = (s: string | null) => s ?? "(no sponsor)";

function reviewsSection(r: Reviews, command: string): string {
  const title = `<h3 id="reviews-on-time">Reviews on time${r.intervalDays !== null ? ` (every ${r.intervalDays} days)` : ""}</h3>\n${reproduce(command)}`;
  if (r.intervalDays === null) return `${title}\n<p class="empty">The stack sets no policy.reviewIntervalDays: no review falls due.</p>`;
  const t = r.totals;
  const due = r.due.map((d) => {
    const e = d.review;
    const requester = e?.requester ? `${e.requester.by}${e.requester.source === "trailer" ? " (unverified)" : ""}` : "";
    return [
      text(d.guest),
      text(sponsorName(d.sponsor)),
      text(`${d.since} (${d.from})`),
      text(d.due),
      { html: d.outcome === "on-time" ? "on time" : `<span class="flag">${html(d.outcome)}</span> ${d.daysLate} day(s)` },
      text(e?.at ?? ""),
      { html: e?.commit ? `<code title="${html(e.commit)}">${html(e.commit.slice(0, 12))}</code>` : "" },
      e?.pr == null ? text("") : num(e.pr),
      text(e ? attesters(e).join(", ") : ""),
      text(requester),
    ];
  });
  return `${title}
<div class="cards">
${card("period.reviews.totals.due", t.due, "reviews due")}
${card("period.reviews.totals.onTime", t.onTime, "on time")}
${card("period.reviews.totals.late", t.late, "late")}
${card("period.reviews.totals.missed", t.missed, "missed")}
<div class="card"><span class="value" data-metric="period.reviews.totals.shareOnTime">${html(percent(t.shareOnTime))}</span><span class="label">share on time</span></div>
</div>
<p class="meta">On time: an attested review (its commit gives the approvals its plan asked for, from approvers that count) reached the branch within ${r.intervalDays} days of the previous attested review, or of the grant.</p>
${table("reviews-by-sponsor", ["Sponsor", "Due", "On time", "Late", "Missed", "Share on time"], r.bySponsor.map((x) => [text(sponsorName(x.sponsor)), num(x.due), num(x.onTime), num(x.late), num(x.missed), x.shareOnTime === null ? text("n/a") : { html: html(percent(x.shareOnTime)), sort: x.shareOnTime }]))}
${table("reviews-due", ["Guest", "Sponsor", "Counted from", "Due by", "Outcome", "Reviewed", "Commit", "PR", "Attested by", "Requested by"], due)}
${r.unattested.length > 0 ? `<p>Reviews without the approvals their plan asked for, which settle nothing:</p>\n${eventTable("reviews-unattested", r.unattested)}` : ""}`;
}

function renewalsSection(r: Renewals, command: string): string {
  return `<h3 id="renewals">Renewals</h3>
${reproduce(command)}
<div class="cards">${card("period.renewals.count", r.events.length, "renewals")}</div>
${table("renewals-by-sponsor", ["Sponsor", "Renewals", "Approvers that count"], r.bySponsor.map((x) => [text(sponsorName(x.sponsor)), num(x.renewals), text(x.approvers.join(", "))]))}
${r.events.length > 0 ? eventTable("renewal-events", r.events) : ""}`;
}

function lapsesSection(l: Lapses, command: string): string {
  return `<h3 id="lapses">Access that lapsed without renewal</h3>
${reproduce(command)}
<div class="cards">
${card("period.lapses.withoutRenewal", l.withoutRenewal, "lapsed, not renewed")}
${card("period.lapses.renewedAfter", l.renewedAfter, "renewed after the lapse")}
</div>
${table(
  "lapsed-guests",
  ["Guest", "Sponsor", "Last day", "Lapsed at", "Since then"],
  l.guests.map((g) => [text(g.guest), text(sponsorName(g.sponsor)), text(g.expires), text(g.at), text(g.then ? `${g.then.kind} ${g.then.at}${g.then.commit ? ` in ${g.then.commit.slice(0, 12)}` : ""}${g.then.pr !== null ? ` (PR ${g.then.pr})` : ""}` : "not renewed")]),
)}`;
}

type Cell = { html: string; sort?: number };

const text = (value: string): Cell => ({ html: html(value) });
const num = (value: number): Cell => ({ html: String(value), sort: value });

function card(metric: string, value: number, label: string): string {
  return `<div class="card"><span class="value" data-metric="${metric}">${value}</span><span class="label">${label}</span></div>`;
}

function reproduce(command: string): string {
  return `<pre><code>${html(command)}</code></pre>`;
}

function table(id: string, headers: readonly string[], rows: readonly Cell[][]): string {
  if (rows.length === 0) return `<p class="empty" id="${id}">None.</p>`;
  const head = headers.map((h) => `<th scope="col">${html(h)}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.map((c) => (c.sort !== undefined ? `<td class="num" data-sort="${c.sort}">${c.html}</td>` : `<td>${c.html}</td>`)).join("")}</tr>`).join("\n");
  return `<div class="scroll"><table class="sortable" id="${id}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function eventTable(id: string, events: readonly AuditEvent[]): string {
  return table(
    id,
    ["At", "Event", "Guest", "Target", "Flags", "Commit", "PR", "Approvers", "Author"],
    events.map((e) => [
      text(e.at),
      { html: `${html(e.kind)}${e.cause ? ` (${html(e.cause)})` : ""}${e.detail ? `<br><small>${html(e.detail)}</small>` : ""}${attestation(e, html).map((p) => `<br><small>${p}</small>`).join("")}` },
      text(e.guest ?? ""),
      { html: e.target ? `<code>${html(e.target)}</code>` : "" },
      { html: e.flags.map((f) => `<span class="flag">${html(f)}</span>`).join(" ") },
      { html: e.commit ? `<code title="${html(e.commit)}">${html(e.commit.slice(0, 12))}</code>` : "by date" },
      e.pr === null ? text("") : num(e.pr),
      text([...e.approvers, ...unverifiedApprovers(e).map((a) => `${a} (unverified)`)].join(", ")),
      text(e.author ?? ""),
    ]),
  );
}

const BAR_ROWS = 12;

/** A horizontal bar chart as inline SVG; each bar carries its name and value for readers and tests. */
function barChart(id: string, title: string, rows: readonly Count[]): string {
  const shown = rows.slice(0, BAR_ROWS);
  if (shown.length === 0) return `<figure id="${id}"><figcaption>${html(title)}</figcaption><p class="empty">None.</p></figure>`;
  const max = Math.max(1, ...shown.map((r) => r.guests));
  const [labelW, barW, rowH] = [210, 150, 22];
  const height = shown.length * rowH + 4;
  const bars = shown
    .map((row, i) => {
      const y = i * rowH + 2;
      const w = Math.max(row.guests > 0 ? 2 : 0, Math.round((row.guests / max) * barW));
      const name = row.name.length > 30 ? `${row.name.slice(0, 29)}…` : row.name;
      return `<g class="bar" data-name="${html(row.name)}" data-value="${row.guests}"><title>${html(row.name)}: ${row.guests}</title><text x="${labelW - 6}" y="${y + 15}" text-anchor="end" font-size="12">${html(name)}</text><rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 6}" fill="#0969da" rx="2"></rect><text x="${labelW + w + 4}" y="${y + 15}" font-size="12">${row.guests}</text></g>`;
    })
    .join("");
  const more = rows.length > shown.length ? `<p class="empty">and ${rows.length - shown.length} more: see the tables.</p>` : "";
  return `<figure id="${id}"><figcaption>${html(title)}</figcaption><svg role="img" aria-label="${html(title)}" width="100%" viewBox="0 0 ${labelW + barW + 40} ${height}" xmlns="http://www.w3.org/2000/svg">${bars}</svg>${more}</figure>`;
}
