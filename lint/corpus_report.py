"""The corpus report: a JSON summary for pipelines and one self-contained HTML file for people.

The HTML has no scripts, no external fonts, styles or images: it opens from a file share or
an e-mail attachment and shows the same thing everywhere.
"""
from __future__ import annotations

import html
import json
import sys
from collections import Counter
from typing import Sequence

from . import __version__
from .model import Applicability, FileResult, Finding, Rule
from .source import write_atomic

MAX_PER_FILE = 200


def build(session, files: Sequence[str], errors: Sequence[str], opts, executor) -> tuple[dict, list[FileResult]]:
    """Check the corpus through the session and summarise it: (summary, results)."""
    results = list(session.check(files, opts, executor))
    products = session.products(files, opts, executor)
    return summarize(results, errors, session.registry.rules, products), results


def write(summary: dict, results: Sequence[FileResult], fmt: str, output: str | None, title: str) -> str | None:
    """Write the report; returns the summary line to print, or None when it went to stdout."""
    if fmt == "json":
        data = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
        if not output:
            sys.stdout.write(data)
            return None
        write_atomic(output, data.encode("utf-8"))
    else:
        output = output or "kanwu-report.html"
        write_atomic(output, render_html(summary, results, title).encode("utf-8"))
    return f"Wrote {output}: {summary['findings']} findings in {summary['files']} files."


def summarize(results: Sequence[FileResult], errors: Sequence[str], rules: Sequence[type[Rule]],
              products: dict[str, dict]) -> dict:
    diags = [d for r in results for d in r.findings]
    by_rule = Counter((d.code, d.rule) for d in diags)
    fixable = Counter((d.code, d.rule) for d in diags if d.fix and d.fix.applicability is not Applicability.DISPLAY_ONLY)
    per_file = []
    for r in results:
        chars = r.characters
        per_file.append({"path": r.path, "findings": len(r.findings), "characters": chars,
                         "per_10k_chars": round(len(r.findings) * 10000 / chars, 2) if chars else 0.0,
                         "by_rule": dict(Counter(d.rule for d in r.findings))})
    worst = sorted((f for f in per_file if f["findings"]), key=lambda f: (-f["per_10k_chars"], f["path"]))[:10]
    summaries = {r.code: r.summary() for r in rules}
    return {
        "kanwu": __version__,
        "files": len(results),
        "characters": sum(r.characters for r in results),
        "findings": len(diags),
        "fixable": sum(fixable.values()),
        "errors": list(errors) + [e for r in results for e in r.errors],
        "by_rule": [{"code": c, "rule": n, "count": k, "fixable": fixable[(c, n)], "summary": summaries.get(c, "")}
                    for (c, n), k in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))],
        "by_file": per_file,
        "worst_files": worst,
        "products": products,
    }


# -- HTML ------------------------------------------------------------------------------------------
CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2330;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #dde;padding-bottom:.2rem}
.totals{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #dde;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.5rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #eef;padding:.25rem .5rem;text-align:left;vertical-align:top}
.ctx{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
mark{background:#ffe08a;padding:0 1px}del{background:#ffd7d5;text-decoration:line-through}ins{background:#ccf2d1;text-decoration:none}
.code{font-family:ui-monospace,monospace;color:#555}.sev-error{color:#b00020}.sev-warning{color:#a15c00}.sev-info{color:#2a5db0}
details{margin:.4rem 0}summary{cursor:pointer}.muted{color:#667}.err{color:#b00020}
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


def render_html(summary: dict, results: Sequence[FileResult], title: str = "kanwu report") -> str:
    out = [f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
           f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{CSS}</style></head><body>',
           f"<h1>{html.escape(title)}</h1><p class=\"muted\">kanwu {summary['kanwu']}</p>",
           '<section class="totals" id="totals">']
    for label, key in (("files", "files"), ("characters", "characters"), ("findings", "findings"),
                       ("fixable", "fixable"), ("errors", None)):
        value = len(summary["errors"]) if key is None else summary[key]
        out.append(f'<div class="card"><b>{value:,}</b>{label}</div>')
    out.append("</section>")
    if summary["errors"]:
        out.append('<h2>Files that could not be checked</h2><ul class="err">')
        out += [f"<li>{html.escape(e)}</li>" for e in summary["errors"]]
        out.append("</ul>")
    out.append('<h2 id="by-rule">Findings per rule</h2>')
    out.append(_bars([(f"{r['code']} {r['rule']}", r["count"]) for r in summary["by_rule"]]))
    out.append("<table><tr><th>code</th><th>rule</th><th>findings</th><th>fixable</th><th>what it flags</th></tr>")
    for r in summary["by_rule"]:
        out.append(f"<tr><td class=code>{r['code']}</td><td>{html.escape(r['rule'])}</td><td>{r['count']}</td>"
                   f"<td>{r['fixable']}</td><td>{html.escape(r['summary'])}</td></tr>")
    out.append("</table>")
    out.append('<h2 id="worst">Worst files (findings per 10,000 characters)</h2>')
    out.append(_bars([(f["path"], f["per_10k_chars"]) for f in summary["worst_files"]], color="#c4574a"))
    out.append("<table><tr><th>file</th><th>findings</th><th>per 10k chars</th></tr>")
    for f in summary["worst_files"]:
        out.append(f"<tr><td>{html.escape(f['path'])}</td><td>{f['findings']}</td><td>{f['per_10k_chars']}</td></tr>")
    out.append("</table>")
    for name, product in summary["products"].items():
        out.append(f'<h2 id="{html.escape(name)}">{html.escape(product.get("title", name))}</h2><table><tr>'
                   + "".join(f"<th>{html.escape(str(c))}</th>" for c in product.get("columns", [])) + "</tr>")
        for row in product.get("rows", []):
            out.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>")
        out.append("</table>")
    out.append('<h2 id="findings">Findings by file</h2>')
    for r in results:
        if not r.findings:
            continue
        out.append(f"<details><summary>{html.escape(r.path)} — {len(r.findings)} finding"
                   f"{'s' * (len(r.findings) != 1)}</summary><table>")
        for d in r.findings[:MAX_PER_FILE]:
            rec = f" record {d.record}" if d.record is not None else ""
            out.append(f'<tr><td class="code">{d.start.line}:{d.start.column}{rec}</td>'
                       f'<td><span class="code sev-{d.severity.value}">{d.code}</span> {html.escape(d.rule)}</td>'
                       f'<td>{html.escape(d.message)}<div class="ctx">{_context(d)}</div>{_fix(d)}</td></tr>')
        if len(r.findings) > MAX_PER_FILE:
            out.append(f'<tr><td colspan=3 class="muted">… and {len(r.findings) - MAX_PER_FILE} more '
                       f'(see the JSON output)</td></tr>')
        out.append("</table></details>")
    out.append("</body></html>")
    return "\n".join(out)
