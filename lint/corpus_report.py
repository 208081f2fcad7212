"""The corpus report: a JSON summary for pipelines and one self-contained HTML file for people.

The HTML has no external scripts, fonts, styles or images (one small inline script filters the
file list): it opens from a file share or an e-mail attachment and shows the same thing
everywhere. It stays small and the run's memory flat on large corpora: results are summarised
as they arrive and dropped; each file's detail is rendered at once and capped (the first
findings of a file in full, and past a budget for the whole page only counts per rule); the
JSON output and ``kanwu check`` have every finding.

Both carry the 差错率 estimate (errors per 10,000 characters, per file and for the corpus,
against the newspaper line of 3): see ``error_rate`` for how errors are counted.
"""
from __future__ import annotations

import html
import json
import sys
from collections import Counter
from typing import Sequence

from . import __version__
from .error_rate import HEADLINE_FACTOR, LINE_PER_10K, REPEAT_LIMIT, Counting, rate
from .model import Applicability, FileResult, Finding, Rule
from .source import write_atomic

MAX_PER_FILE = 20            # findings shown in full for one file
DETAIL_BUDGET = 7_000_000    # bytes of findings shown in full; past it, a file's section shows counts
SECTIONS_BUDGET = 10_000_000  # bytes of file sections in all; past it, files have no section
MAX_FILE_ROWS = 5_000        # rows of the file list (worst first); the JSON output lists every file
WORST = 10


def build(session, files: Sequence[str], errors: Sequence[str], opts, executor,
          html_detail: bool = True) -> tuple[dict, "Sections"]:
    """Check the corpus through the session and summarise it as results arrive:
    (summary, the HTML sections of the files with findings)."""
    merged = session.corpus_stats(files, opts, executor, finalize=False)  # one corpus pass serves both
    products = {r.product: r.summarize(merged.get(r.name, r.empty()))
                for r in session.linter.corpus_rules if r.product} if merged is not None else {}
    stats = session.linter.finalize(merged) if merged is not None else None
    summary = Summary(session.registry.rules)
    sections = Sections()
    for result in session.check(files, opts, executor, stats=stats):
        row = summary.add(result)
        if html_detail:
            sections.add(result, row)
    return summary.result(errors, products), sections


class Summary:
    """Totals, per rule and per file, gathered one result at a time."""

    def __init__(self, rules: Sequence[type[Rule]]) -> None:
        self.rules = list(rules)
        self.counting = Counting(self.rules)
        self.by_rule: Counter = Counter()
        self.fixable: Counter = Counter()
        self.by_file: list[dict] = []
        self.errors: list[str] = []
        self.characters = self.findings = 0
        self.counted = 0.0

    def add(self, r: FileResult) -> dict:
        self.errors += [_shown(e) for e in r.errors]
        counted = self.counting.errors(r.findings)
        for d in r.findings:
            self.by_rule[(d.code, d.rule)] += 1
            if d.fix is not None and d.fix.applicability is Applicability.SAFE:
                self.fixable[(d.code, d.rule)] += 1  # what `kanwu check --fix` applies
        row = {"path": _shown(r.path), "findings": len(r.findings), "characters": r.characters,
               "per_10k_chars": rate(len(r.findings), r.characters),
               "errors_counted": round(counted, 2), "error_rate_per_10k": rate(counted, r.characters),
               "by_rule": dict(Counter(d.rule for d in r.findings)), "index": len(self.by_file)}
        self.by_file.append(row)
        self.characters += r.characters
        self.findings += len(r.findings)
        self.counted += counted
        return row

    def result(self, errors: Sequence[str], products: dict) -> dict:
        errors = [_shown(e) for e in errors]
        summaries = {r.code: r.summary() for r in self.rules}
        weights = {r["rule"]: r for r in self.counting.table(self.rules)}
        worst = sorted((f for f in self.by_file if f["errors_counted"]),
                       key=lambda f: (-f["error_rate_per_10k"], f["path"]))[:WORST]
        return {
            "kanwu": __version__,
            "files": len(self.by_file),
            "characters": self.characters,
            "findings": self.findings,
            "fixable": sum(self.fixable.values()),
            "errors": list(errors) + self.errors,
            "errors_counted": round(self.counted, 2),
            "error_rate_per_10k": rate(self.counted, self.characters),
            "error_rate_line_per_10k": LINE_PER_10K,
            "files_over_line": sum(f["error_rate_per_10k"] > LINE_PER_10K for f in self.by_file),
            "counting": {"headline_factor": HEADLINE_FACTOR, "repeat_limit": REPEAT_LIMIT,
                         "rules": [w for w in self.counting.table(self.rules) if (w["code"], w["rule"]) in self.by_rule]},
            "by_rule": [{"code": c, "rule": n, "count": k, "fixable": self.fixable[(c, n)],
                         "error_weight": weights[n]["weight"] if n in weights else 1.0,
                         "summary": summaries.get(c, "")}
                        for (c, n), k in sorted(self.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))],
            "by_file": self.by_file,
            "worst_files": worst,
            "products": products,
        }


def _shown(text: str) -> str:
    """A path or message as the report prints it: the bytes of a file name that is not valid
    UTF-8 (kept as lone surrogates) shown as \\xNN escapes, so the report stays valid UTF-8."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def write(summary: dict, sections: "Sections", fmt: str, output: str | None, title: str) -> str | None:
    """Write the report; returns the summary line to print, or None when it went to stdout."""
    if fmt == "json":
        data = json.dumps(_public(summary), ensure_ascii=False, indent=2) + "\n"
        if not output:
            sys.stdout.write(data)
            return None
        write_atomic(output, data.encode("utf-8"))
    else:
        output = output or "kanwu-report.html"
        write_atomic(output, render_html(summary, sections, title).encode("utf-8"))
    return (f"Wrote {output}: {summary['findings']} findings in {summary['files']} files; "
            f"差错率 {summary['error_rate_per_10k']} per 10,000 characters.")


def _public(summary: dict) -> dict:
    strip = lambda f: {k: v for k, v in f.items() if k != "index"}  # noqa: E731
    return dict(summary, by_file=[strip(f) for f in summary["by_file"]],
                worst_files=[strip(f) for f in summary["worst_files"]])


# -- HTML ------------------------------------------------------------------------------------------
CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2330;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #dde;padding-bottom:.2rem}
.totals{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #dde;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.5rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #eef;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.ctx{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
mark{background:#ffe08a;padding:0 1px}del{background:#ffd7d5;text-decoration:line-through}ins{background:#ccf2d1;text-decoration:none}
.code{font-family:ui-monospace,monospace;color:#555}.sev-error{color:#b00020}.sev-warning{color:#a15c00}.sev-info{color:#2a5db0}
details{margin:.4rem 0}summary{cursor:pointer}.muted{color:#667}.err{color:#b00020}
.over{color:#b00020;font-weight:600}.within{color:#1b7a2e}
#filter{font-size:1rem;padding:.35rem .6rem;width:28rem;max-width:100%;border:1px solid #99a;border-radius:4px}
"""

SCRIPT = """
(function () {
  var box = document.getElementById("filter"), count = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#file-list tr[data-path]"));
  var files = Array.prototype.slice.call(document.querySelectorAll("details.file"));
  function matches(el, q) { return !q || el.getAttribute("data-path").toLowerCase().indexOf(q) >= 0; }
  function apply() {
    var q = box.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (r) { r.hidden = !matches(r, q); if (!r.hidden) n++; });
    files.forEach(function (f) { f.hidden = !matches(f, q); });
    count.textContent = n + " of " + rows.length + " files shown";
  }
  function openTarget() {
    var el = location.hash && document.getElementById(location.hash.slice(1));
    if (el && el.tagName === "DETAILS") { el.hidden = false; el.open = true; }
  }
  box.addEventListener("input", apply);
  window.addEventListener("hashchange", openTarget);
  var q = new URLSearchParams(location.search).get("q");
  if (q) box.value = q;
  apply();
  openTarget();
})();
"""


def _short(label: str, n: int = 30) -> str:
    return label if len(label) <= n else "…" + label[-(n - 1):]


def _bars(rows: list[tuple[str, float]], width: int = 640, label_w: int = 230, color: str = "#4a72c4") -> str:
    if not rows:
        return '<p class="muted">Nothing to chart.</p>'
    bar_h, gap = 18, 6
    top = max(n for _, n in rows) or 1
    h = len(rows) * (bar_h + gap)
    parts = [f'<svg role="img" width="{width}" height="{h}" viewBox="0 0 {width} {h}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, n) in enumerate(rows):
        y = i * (bar_h + gap)
        w = max(1, int((width - label_w - 60) * n / top))
        parts.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" font-size="12">{html.escape(_short(label))}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{color}"><title>{html.escape(label)}: {n}</title></rect>'
                     f'<text x="{label_w + w + 6}" y="{y + 13}" font-size="12">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _context(d: Finding) -> str:
    if d.context is None:
        return html.escape(d.excerpt)
    before, span, after = d.context
    return (html.escape(before.replace("\n", "⏎")) + "<mark>" + html.escape(span.replace("\n", "⏎")) + "</mark>"
            + html.escape(after.replace("\n", "⏎")))


def _fix(d: Finding) -> str:
    if d.fix is None:
        return ""
    label = {"safe": "fix", "unsafe": "unsafe fix", "display-only": "suggestion"}[d.fix.applicability.value]
    edits = []
    for k, e in enumerate(d.fix.edits):
        old = d.replaced[k] if d.replaced and k < len(d.replaced) else ""
        edits.append((f"<del>{html.escape(old.replace(chr(10), '⏎'))}</del>" if old else "")
                     + (f"<ins>{html.escape(e.content.replace(chr(10), '⏎'))}</ins>" if e.content else ""))
    return f'<div><span class="muted">{label}: {html.escape(d.fix.title)}</span> <span class="ctx">{" … ".join(edits)}</span></div>'


def _verdict(value: float) -> str:
    return "over" if value > LINE_PER_10K else "within"


class Sections:
    """Each file's detail, rendered when its result arrives; the result is not kept."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.ids: set[int] = set()  # files that have a section to link to
        self.size = 0

    def add(self, r: FileResult, row: dict) -> None:
        if not r.findings or self.size > SECTIONS_BUDGET:
            return
        path = html.escape(row["path"])
        n = len(r.findings)
        out = [f'<details class="file" id="f{row["index"]}" data-path="{path}"><summary>{path} — {n} finding'
               f'{"s" * (n != 1)} · 差错率 <span class="{_verdict(row["error_rate_per_10k"])}">'
               f'{row["error_rate_per_10k"]}</span></summary>']
        if self.size > DETAIL_BUDGET:  # a large corpus: counts only, the findings are in the JSON output
            out.append('<p class="muted">' + ", ".join(f"{html.escape(k)} ×{v}" for k, v in sorted(row["by_rule"].items()))
                       + " (details: <code>kanwu check</code> or the JSON output)</p></details>")
        else:
            out.append("<table>")
            for d in r.findings[:MAX_PER_FILE]:
                rec = f" record {html.escape(str(d.record_id or d.record))}" if d.record is not None else ""
                out.append(f'<tr><td class="code">{d.start.line}:{d.start.column}{rec}</td>'
                           f'<td><span class="code sev-{d.severity.value}">{d.code}</span> {html.escape(d.rule)}</td>'
                           f'<td>{html.escape(d.message)}<div class="ctx">{_context(d)}</div>{_fix(d)}</td></tr>')
            if n > MAX_PER_FILE:
                rest = Counter(d.rule for d in r.findings[MAX_PER_FILE:])
                out.append(f'<tr><td colspan=3 class="muted">… and {n - MAX_PER_FILE} more: '
                           + ", ".join(f"{html.escape(k)} ×{v}" for k, v in sorted(rest.items()))
                           + " (see <code>kanwu check</code> or the JSON output)</td></tr>")
            out.append("</table></details>")
        text = "".join(out)
        self.size += len(text.encode("utf-8"))
        self.parts.append(text)
        self.ids.add(row["index"])


def render_html(summary: dict, sections: Sections, title: str = "kanwu report") -> str:
    corpus_rate, line = summary["error_rate_per_10k"], summary["error_rate_line_per_10k"]
    out = [f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
           f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{CSS}</style></head><body>',
           f"<h1>{html.escape(title)}</h1><p class=\"muted\">kanwu {summary['kanwu']}</p>",
           '<section class="totals" id="totals">']
    out.append(f'<div class="card"><b class="{_verdict(corpus_rate)}">{corpus_rate}</b>差错率 per 10,000 characters '
               f'(line: {line:g})</div>')
    for label, value in (("files", summary["files"]), ("characters", summary["characters"]),
                         ("findings", summary["findings"]), ("fixable with --fix", summary["fixable"]),
                         ("files over the line", summary["files_over_line"]), ("errors", len(summary["errors"]))):
        out.append(f'<div class="card"><b>{value:,}</b>{label}</div>')
    out.append("</section>")
    if summary["errors"]:
        out.append('<h2>Files that could not be checked</h2><ul class="err">')
        out += [f"<li>{html.escape(e)}</li>" for e in summary["errors"]]
        out.append("</ul>")
    out.append(_rate_section(summary))
    out.append('<h2 id="by-rule">Findings per rule</h2>')
    out.append(_bars([(f"{r['code']} {r['rule']}", r["count"]) for r in summary["by_rule"]]))
    out.append("<table><tr><th>code</th><th>rule</th><th>findings</th><th>fixable</th><th>counts as</th>"
               "<th>what it flags</th></tr>")
    for r in summary["by_rule"]:
        out.append(f"<tr><td class=code>{r['code']}</td><td>{html.escape(r['rule'])}</td><td class=n>{r['count']}</td>"
                   f"<td class=n>{r['fixable']}</td><td class=n>{r['error_weight']:g}</td>"
                   f"<td>{html.escape(r['summary'])}</td></tr>")
    out.append("</table>")
    out.append('<h2 id="worst">Worst files (差错率: errors per 10,000 characters)</h2>')
    out.append(_bars([(f["path"], f["error_rate_per_10k"]) for f in summary["worst_files"]], color="#c4574a"))
    for name, product in summary["products"].items():
        out.append(f'<h2 id="{html.escape(name)}">{html.escape(product.get("title", name))}</h2><table><tr>'
                   + "".join(f"<th>{html.escape(str(c))}</th>" for c in product.get("columns", [])) + "</tr>")
        for row in product.get("rows", []):
            out.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>")
        out.append("</table>")
    out.append(_file_list(summary, sections.ids))
    out.append('<h2 id="findings">Findings by file</h2>')
    out.extend(sections.parts)
    if len(sections.ids) < sum(1 for f in summary["by_file"] if f["findings"]):
        out.append('<p class="muted">More files have findings than one page can show: see <code>kanwu check</code> '
                   'or the JSON output.</p>')
    out.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(out)


def _rate_section(summary: dict) -> str:
    corpus_rate, line = summary["error_rate_per_10k"], summary["error_rate_line_per_10k"]
    verdict = "over" if corpus_rate > line else "within"
    rules = "".join(f"<tr><td class=code>{r['code']}</td><td>{html.escape(r['rule'])}</td><td class=n>{r['weight']:g}</td>"
                    f"<td class=n>{'' if r['cap_per_page'] is None else format(r['cap_per_page'], 'g')}</td></tr>"
                    for r in summary["counting"]["rules"])
    return (f'<h2 id="error-rate">差错率 estimate</h2><p>The corpus has <b class="{verdict}">{corpus_rate}</b> errors '
            f'per 10,000 characters ({summary["errors_counted"]:g} counted in {summary["characters"]:,} characters): '
            f'<span class="{verdict}">{verdict} the usual newspaper line of {line:g} per 10,000</span>. '
            f'{summary["files_over_line"]} of {summary["files"]} files are over it.</p>'
            f'<details><summary>How errors are counted</summary><p>Each finding counts its rule\'s weight (below: 1 a '
            f'wrong or extra character or word, 0.5 a traditional character, 0.1 a slip of punctuation, number form or '
            f'layout, 0 not an error of the text); a finding in a headline counts {summary["counting"]["headline_factor"]}×; '
            f'the same error repeated on a page counts at most {summary["counting"]["repeat_limit"]} times; some rules '
            f'add at most a cap per page. The rate is counted errors × 10,000 / characters. It is an estimate: kanwu '
            f'finds what its rules find.</p><table><tr><th>code</th><th>rule</th><th>weight</th><th>cap per page</th></tr>'
            f'{rules}</table></details>')


def _file_list(summary: dict, linked: set[int]) -> str:
    files = sorted(summary["by_file"], key=lambda f: (-f["error_rate_per_10k"], -f["findings"], f["path"]))
    shown = files[:MAX_FILE_ROWS]
    out = ['<h2 id="files">Files</h2>',
           '<p><input id="filter" type="search" placeholder="Filter files by name…" aria-label="Filter files by name" '
           f'autocomplete="off"> <span id="shown" class="muted">{len(shown)} of {len(shown)} files shown</span></p>']
    if len(files) > len(shown):
        out.append(f'<p class="muted">The {len(shown):,} files with the highest 差错率 are listed; all {len(files):,} '
                   f'are in the JSON output (--output-format json).</p>')
    out.append('<table id="file-list"><tr><th>file</th><th>characters</th><th>findings</th><th>errors counted</th>'
               '<th>差错率 per 10k</th></tr>')
    for f in shown:
        path = html.escape(f["path"])
        name = f'<a href="#f{f["index"]}">{path}</a>' if f["index"] in linked else path
        out.append(f'<tr data-path="{path}"><td>{name}</td><td class=n>{f["characters"]:,}</td>'
                   f'<td class=n>{f["findings"]}</td><td class=n>{f["errors_counted"]:g}</td>'
                   f'<td class="n {_verdict(f["error_rate_per_10k"])}">{f["error_rate_per_10k"]}</td></tr>')
    out.append("</table>")
    return "\n".join(out)
