"""The articles' safe formatting: a small Markdown subset rendered on the server.

Everything the author wrote is HTML-escaped first; only then are the few marks below
turned into tags this module writes itself, so no author HTML ever reaches a page
(`<script>` shows as text). Supported:

- `# `, `## `, `### ` headings (rendered as h3–h5, below the page's own h1/h2);
- paragraphs (blank line), line breaks inside a paragraph;
- `- ` / `* ` bullet lists and `1. ` numbered lists;
- `**bold**`, `*italic*`, `` `code` ``;
- links `[text](https://…)`: http, https and mailto only, and site paths starting
  with `/` (never `javascript:`, `data:` or `//host`); they open with rel="noopener".
"""

import html
import re

from django.utils.safestring import SafeString, mark_safe

_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+(.*)$")
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
# On escaped text: [label](target), the target without spaces, quotes or angle brackets.
_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\(([^()\s\"'<>]{1,500})\)")
_SAFE_TARGET = re.compile(r"^(https?://[^/\s]|mailto:[^\s]|/(?!/))", re.IGNORECASE)


def _link(match: re.Match) -> str:
    label, target = match.group(1), match.group(2)
    if not _SAFE_TARGET.match(html.unescape(target)):
        return match.group(0)
    return f'<a href="{target}" rel="noopener noreferrer">{label}</a>'


def _inline(text: str) -> str:
    """Inline marks on one escaped line. Code spans first, kept apart so that marks
    inside them stay literal."""
    codes: list[str] = []

    def keep(match):
        codes.append(match.group(1))
        return f"\x00{len(codes) - 1}\x00"

    text = _CODE.sub(keep, text)
    text = _LINK.sub(_link, text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(r"<em>\1</em>", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: f"<code>{codes[int(m.group(1))]}</code>", text)


def render(source: str) -> SafeString:
    """The article body as safe HTML."""
    out: list[str] = []
    paragraph: list[str] = []
    list_tag = ""

    def close_paragraph():
        if paragraph:
            out.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()

    def close_list():
        nonlocal list_tag
        if list_tag:
            out.append(f"</{list_tag}>")
            list_tag = ""

    for raw in (source or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = html.escape(raw.strip(), quote=True).replace("\x00", "")
        if not line:
            close_paragraph()
            close_list()
            continue
        heading = _HEADING.match(line)
        item = _BULLET.match(line) or _NUMBERED.match(line)
        if heading:
            close_paragraph()
            close_list()
            level = len(heading.group(1)) + 2
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif item:
            close_paragraph()
            tag = "ul" if _BULLET.match(line) else "ol"
            if list_tag != tag:
                close_list()
                out.append(f"<{tag}>")
                list_tag = tag
            out.append(f"<li>{_inline(item.group(1))}</li>")
        else:
            close_list()
            paragraph.append(_inline(line))
    close_paragraph()
    close_list()
    return mark_safe("\n".join(out))  # noqa: S308 - built above from escaped text and our own tags only


def plain_text(source: str, limit: int = 160) -> str:
    """A one-line excerpt without marks (for lists and suggestions); escaped by the
    templates like any text."""
    text = re.sub(r"\[([^\[\]\n]*)\]\([^()\s]*\)", r"\1", source or "")
    text = re.sub(r"^\s*(?:[-*]|\d{1,3}[.)])\s+|[#*`>]", " ", text, flags=re.MULTILINE)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
