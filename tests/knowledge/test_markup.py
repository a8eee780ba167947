"""The articles' Markdown subset: escaped first, so author HTML never reaches a page."""

from knowledge.markup import plain_text, render


def test_marks_become_our_own_tags():
    html = render("# 标题\n**粗体** 和 *斜体* 与 `代码`\n\n- 一\n- 二\n\n1. 甲\n2. 乙")
    assert html == ("<h3>标题</h3>\n<p><strong>粗体</strong> 和 <em>斜体</em> 与 <code>代码</code></p>\n"
                    "<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n<ol>\n<li>甲</li>\n<li>乙</li>\n</ol>")


def test_author_html_is_shown_as_text():
    html = render('<script>alert(1)</script> <img src=x onerror="alert(2)"> **<b>x</b>**')
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>&lt;b&gt;x&lt;/b&gt;</strong>" in html


def test_only_safe_links():
    html = render("[a](https://example.com/x?a=1&b=2) [b](javascript:alert(1)) [c](//evil.example) "
                  "[d](/knowledge/) [e](mailto:kf@example.com) [f](JaVaScRiPt:alert) [g](data:text/html,x)")
    assert '<a href="https://example.com/x?a=1&amp;b=2" rel="noopener noreferrer">a</a>' in html
    assert '<a href="/knowledge/" rel="noopener noreferrer">d</a>' in html
    assert '<a href="mailto:kf@example.com" rel="noopener noreferrer">e</a>' in html
    assert html.count("<a ") == 3
    assert "javascript" not in html.lower().split("[b]")[0]  # no javascript: link was made
    assert 'href="//' not in html and 'href="data' not in html and 'href="JaVa' not in html


def test_quotes_cannot_break_out_of_an_attribute():
    html = render('[x](https://a.example/"onmouseover="alert(1))')
    assert "onmouseover=\"" not in html


def test_code_keeps_marks_literal():
    assert render("`**x**`") == "<p><code>**x**</code></p>"


def test_plain_text_excerpt():
    assert plain_text("# 标题\n- 列表 **粗** [链接](https://x)\n1. 一") == "标题 列表 粗 链接 一"
    assert plain_text("字" * 200, limit=10) == "字" * 9 + "…"
