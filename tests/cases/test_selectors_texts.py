"""The wizard's texts: one list of every key, an editor's saved row or else the default."""

import pytest

from cases.models import WizardText
from cases.selectors.texts import (
    WizardTextEntry,
    unsaved_wizard_texts,
    wizard_text_entries,
    wizard_texts,
)
from cases.texts.defaults import DEFAULTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved_rows():
    # Only the rows this test saves, whatever the migrations left.
    WizardText.objects.all().delete()
    WizardText.objects.create(key="intro_appeal", label="申诉开头", body="编辑写的申诉说明")
    WizardText.objects.create(key="retired_tip", label="旧贴士", body="程序里已经没有这段")


def test_every_default_key_is_listed_once_with_the_saved_row_winning(saved_rows):
    entries = wizard_text_entries()
    assert [entry.key for entry in entries] == [*DEFAULTS, "retired_tip"]
    by_key = {entry.key: entry for entry in entries}
    assert by_key["intro_appeal"] == WizardTextEntry(
        "intro_appeal", "申诉开头", "编辑写的申诉说明", saved=True
    )
    tone = DEFAULTS["tip_tone"]
    assert by_key["tip_tone"] == WizardTextEntry("tip_tone", tone.label, tone.body, saved=False)


def test_buyers_see_the_default_unless_an_editor_saved_a_row(saved_rows):
    texts = wizard_texts()
    assert texts["intro_appeal"] == "编辑写的申诉说明"
    assert texts["tip_tone"] == DEFAULTS["tip_tone"].body
    assert texts["retired_tip"] == "程序里已经没有这段"


def test_unsaved_texts_are_the_default_keys_without_a_row(saved_rows):
    assert [entry.key for entry in unsaved_wizard_texts()] == [
        key for key in DEFAULTS if key != "intro_appeal"
    ]


def test_the_texts_are_read_once_then_only_their_version_is_checked(
    saved_rows, settings, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the version, then the texts
        wizard_texts()
    with django_assert_num_queries(1):  # the version only: nobody changed a text
        wizard_texts()
    settings.GUIDE_VERSION_RECHECK_SECONDS = 60
    with django_assert_num_queries(0):  # within the recheck interval: not even the version
        wizard_texts()


def test_an_editors_change_is_seen_at_the_next_version_check(saved_rows, settings):
    assert wizard_texts()["intro_appeal"] == "编辑写的申诉说明"
    text = WizardText.objects.get(key="intro_appeal")
    text.body = "编辑改过的申诉说明"
    text.save()  # writes a history row: a new version
    assert wizard_texts()["intro_appeal"] == "编辑改过的申诉说明"
    text.delete()  # 恢复默认 deletes the row, and writes history too
    assert wizard_texts()["intro_appeal"] == DEFAULTS["intro_appeal"].body


def test_the_shared_texts_cannot_be_changed_by_a_page(saved_rows):
    with pytest.raises(TypeError):
        wizard_texts()["intro_appeal"] = "一个页面改了它"
