import pytest

from guide.markdown import render_markdown

HOSTILE = [
    ("<script>alert(1)</script>", "<script"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("[点我](javascript:alert(1))", "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript:"),
    ("[图](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ("<style>body{display:none}</style>", "<style"),
    ('<p style="color:red">红</p>', "style="),
    ('<svg onload="alert(1)"></svg>', "onload"),
    ('<a href="#" onclick="steal()">x</a>', "onclick"),
    ("<object data=x></object><embed src=x>", "<object"),
    ('<form action="https://evil.example"><input name=p></form>', "<form"),
]


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE)
def test_hostile_markdown_is_neutralised(source, forbidden):
    html = render_markdown(f"正文\n\n{source}\n\n结尾").html.lower()
    assert forbidden.lower() not in html
    assert "正文" in html and "结尾" in html


def test_headings_get_stable_chinese_anchors_and_a_contents_list():
    rendered = render_markdown("## 先协商\n\n文字\n\n### 三步法\n\n## 先协商\n")
    assert '<h2 id="md-先协商">' in rendered.html
    assert '<h3 id="md-三步法">' in rendered.html
    assert '<h2 id="md-先协商_1">' in rendered.html
    assert [entry["id"] for entry in rendered.toc] == ["md-先协商", "md-三步法", "md-先协商_1"]
    assert render_markdown("## 先协商").html == render_markdown("## 先协商").html


def test_ordinary_markdown_survives():
    html = render_markdown("- 第一条\n- **第二条**\n\n[12315](https://www.12315.cn/)").html
    assert "<li>第一条</li>" in html
    assert "<strong>第二条</strong>" in html
    assert 'href="https://www.12315.cn/"' in html
