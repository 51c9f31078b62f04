"""What the editors' history shows as changed between two versions (config/diff.py)."""

import pytest

from config.diff import REWRITTEN, field_changes, sentences, text_changes


def _shown(old: str, new: str) -> list[tuple[str, str]]:
    return [(change.old, change.new) for change in text_changes(old, new)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("一句话", ["一句话"]),
        ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
        ("他说：“别退。”然后走了。", ["他说：“别退。”", "然后走了。"]),
        ("- 第一条\n- 第二条", ["- 第一条\n", "- 第二条"]),
        ("金额是 68.50 元。", ["金额是 68.50 元。"]),
    ],
)
def test_sentences_end_at_chinese_and_western_marks_and_line_breaks(text, expected):
    assert sentences(text) == expected
    assert "".join(sentences(text)) == text


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # One character changed: the sentence whole on both sides, the character marked.
        ("旧的内容。", "新的内容。", [("<del>旧</del>的内容。", "<ins>新</ins>的内容。")]),
        # A number is one unit: never "1231<del>5</del><ins>6</ins>".
        (
            "拨打 12315 投诉。",
            "拨打 12316 投诉。",
            [("拨打 <del>12315</del> 投诉。", "拨打 <ins>12316</ins> 投诉。")],
        ),
        # Only the changed sentence is shown, not its unchanged neighbours.
        (
            "第一句不变。第二句要改。第三句不变。",
            "第一句不变。第二句改好了。第三句不变。",
            [("第二句<del>要</del>改。", "第二句改<ins>好了</ins>。")],
        ),
        ("第一句。", "第一句。新加的一句。", [("", "<ins>新加的一句。</ins>")]),
        ("第一句。删掉的一句。", "第一句。", [("<del>删掉的一句。</del>", "")]),
        # Editors' text is escaped: a tag they typed is shown, never run.
        (
            "写<b>粗</b>。",
            "写<script>x</script>。",
            [
                (
                    "写&lt;<del>b</del>&gt;<del>粗</del>&lt;/<del>b</del>&gt;。",
                    "写&lt;<ins>script</ins>&gt;<ins>x</ins>&lt;/<ins>script</ins>&gt;。",
                )
            ],
        ),
    ],
)
def test_changed_sentences_are_shown_whole_with_the_difference_marked(old, new, expected):
    assert _shown(old, new) == expected


def test_a_rewritten_sentence_is_shown_as_two_versions_not_confetti():
    (change,) = text_changes("先找商家协商。", "平台申诉要尽早。")
    assert change.old == "<del>先找商家协商。</del>"
    assert change.new == "<ins>平台申诉要尽早。</ins>"
    assert REWRITTEN > 0


def test_line_endings_and_a_trailing_blank_line_are_not_changes():
    assert text_changes("第一段。\n\n第二段。\n", "第一段。\r\n\r\n第二段。") == []


def test_a_change_of_spaces_only_is_said_to_be_one():
    (change,) = text_changes("第一句。第二句。", "第一句。 第二句。")
    assert change.whitespace_only


def test_a_change_names_the_heading_it_sits_under():
    old = "## 协商\n\n先找商家。\n\n## 申诉\n\n再找平台。"
    new = "## 协商\n\n先找商家。\n\n## 申诉\n\n尽快找平台。"
    (change,) = text_changes(old, new)
    assert change.section == "申诉"
    assert change.new == "<ins>尽快</ins>找平台。"


def test_field_changes_list_only_the_fields_that_changed_in_order():
    changed = field_changes(
        [("标题", "甲", "甲"), ("正文", "旧。", "新。"), ("已发布", "否", "是")]
    )
    assert [field.label for field in changed] == ["正文", "已发布"]
    assert changed[1].changes[0].new == "<ins>是</ins>"
