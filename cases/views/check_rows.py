"""The rows of 核对信息 (check your answers): every fact the texts use, as they state it.

Each fact is a Row: its name, its value, how the template formats it, the link to the
field where it is asked, and whether a text shows 【待补充】 without it. Here the facts the
buyer answered (the order, the problem, the request, who complains); the records they
logged (messages to the seller, appeals) are in cases/views/check_records.py, and the
view (cases/views/check.py) groups both. Values are formatted by the house filters
(|yuan, |moment), wording.quote or the label of their code, so the page and the texts
cannot word a fact differently.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from cases.choices import CodeSymptom, GoodsKind, Remedy, Stage, YesNo
from cases.facts import CaseFacts, EvidenceFacts
from cases.models import Case
from cases.texts.values import problem_clause
from cases.views.common import stage_url

# A step-1 question not answered yet: the verdict needs it, the texts do not state it.
UNANSWERED = "还没有回答"


@dataclass(frozen=True)
class Row:
    """One fact: its name, its value as typed, how the template formats it, where to change it."""

    label: str
    value: Any
    url: str
    # text, amount (|yuan), moment (|moment) or evidence (a list of items).
    kind: str = "text"
    # The link's word: 修改, or 查看 for a row that stands for records listed elsewhere.
    action: str = "修改"
    # Evidence: how many items the list leaves out, and where they all are.
    more: int = 0
    more_url: str = ""
    # Whether a text shows 【待补充】 while this fact is empty. A fact a text can do without
    # (the seller's reply, a rule the buyer did not find) is not counted as missing.
    needed: bool = True
    # What an empty fact that is not needed reads as.
    blank: str = "没有填，可以不填"

    @property
    def empty(self) -> bool:
        return self.value is None or self.value == "" or self.value == () or self.value == []

    @property
    def missing(self) -> bool:
        return self.needed and self.empty


@dataclass(frozen=True)
class Group:
    title: str
    slug: str
    rows: tuple[Row, ...]
    note: str = ""
    # What the closed section says when nothing in it is missing, if not "N 项，没有要补的":
    # a step not taken yet is not a finished one.
    status: str = ""

    @property
    def missing(self) -> int:
        return sum(row.missing for row in self.rows)


def optional(*args: Any, blank: str = "没有填，可以不填", **kwargs: Any) -> Row:
    """Return a fact the texts tell when given and read as well without (never 【待补充】)."""
    return Row(*args, needed=False, blank=blank, **kwargs)


def field_url(case: Case, stage: str, anchor: str) -> str:
    # stage_url is remembered per process: the page links thirty rows to five pages.
    return f"{stage_url(case.pk, stage)}#{anchor}"


def _yes_no(answer: bool | None, *, asked: bool) -> str:
    if not asked:
        return ""
    if answer is None:
        return YesNo.UNKNOWN.label
    return YesNo.YES.label if answer else YesNo.NO.label


def _label(choices: type, code: str) -> str:
    return choices(code).label if code in choices.values else code


def order_rows(case: Case, facts: CaseFacts) -> tuple[Row, ...]:
    def at(field: str) -> str:
        return field_url(case, Stage.EVIDENCE, f"id_{field}")

    return (
        Row("商品名称", facts.product_name, at("product_name")),
        Row("平台", facts.platform_name, at("platform_name")),
        Row("订单号", facts.order_number, at("order_number")),
        Row("商家ID", facts.seller_id, at("seller_id")),
        Row("金额", facts.amount, at("amount"), "amount"),
        Row("下单时间", facts.ordered_at, at("ordered_at"), "moment"),
        # Step 1's verdict rests on it; no text states it.
        optional(
            "商品类型",
            _label(GoodsKind, facts.goods_kind) if facts.goods_kind else "",
            field_url(case, Stage.ELIGIBILITY, "id_goods_kind_0"),
            blank=UNANSWERED,
        ),
        Row(
            "付款方式",
            facts.payment_label,
            field_url(case, Stage.ELIGIBILITY, "id_payment_method_0"),
        ),
    )


def _problems(facts: CaseFacts) -> str:
    """Return the problems as chosen; for 其他 alone, that the texts leave it to the buyer."""
    chosen = "、".join(facts.problem_labels)
    told = problem_clause(facts.problems, symptom=facts.code_symptom, detail=facts.problem_detail)
    if chosen and not told:
        fill_in = "在“具体哪里不对”里写一句，就会照写进去"
        return f"{chosen}（文字里会留【待补充：遇到的问题】：{fill_in}）"
    return chosen


def problem_rows(case: Case, facts: CaseFacts, evidence_total: int) -> tuple[Row, ...]:
    asked = bool(facts.goods_kind)  # stage 1 was answered: None then means 不确定

    def at(anchor: str) -> str:
        return field_url(case, Stage.ELIGIBILITY, anchor)

    evidence: tuple[EvidenceFacts, ...] = facts.evidence
    return (
        Row("遇到的问题", _problems(facts), at("id_problems_0")),
        # The texts tell these when given and read as well without them.
        optional("商家承诺的发货时间", facts.promised_delivery, at("id_promised_delivery")),
        optional("发现问题的时间", facts.noticed_at, at("id_noticed_at"), "moment"),
        optional(
            "卡密的具体情况",
            _label(CodeSymptom, facts.code_symptom) if facts.code_symptom else "",
            at("id_code_symptom_0"),
        ),
        optional("具体哪里不对", facts.problem_detail, at("id_problem_detail")),
        optional("卡密最早被使用的时间", facts.first_used_at, at("id_first_used_at"), "moment"),
        optional("使用卡密的账号", facts.first_used_by, at("id_first_used_by")),
        optional(
            "商品页写着不支持退款",
            _yes_no(facts.no_refund_notice, asked=asked),
            at("id_no_refund_notice_0"),
            blank=UNANSWERED,
        ),
        optional(
            "商家欺诈的迹象",
            _yes_no(facts.fraud_signs, asked=asked),
            at("id_fraud_signs_0"),
            blank=UNANSWERED,
        ),
        *(
            [optional("是什么迹象", facts.fraud_detail, at("id_fraud_detail"))]
            if facts.fraud_signs
            else []
        ),
        Row(
            "证据",
            evidence,  # the first FIRST_EVIDENCE items (selectors/check.py)
            field_url(case, Stage.EVIDENCE, "id_kind"),
            "evidence",
            more=evidence_total - len(evidence),
            more_url=reverse("cases:evidence", args=[case.pk]) + "?all=1#meter-title",
        ),
    )


def request_rows(case: Case, facts: CaseFacts) -> tuple[Row, ...]:
    rows = [
        Row(
            "想要的结果",
            _label(Remedy, facts.remedy) if facts.remedy else "",
            field_url(case, Stage.ELIGIBILITY, "id_remedy_0"),
        )
    ]
    if facts.remedy == Remedy.PARTIAL:
        rows.append(
            Row(
                "希望退回的金额",
                facts.remedy_amount,
                field_url(case, Stage.ELIGIBILITY, "id_remedy_amount"),
                "amount",
            )
        )
    rows.append(
        optional(
            "投诉里写的请求",
            facts.complaint_request,
            field_url(case, Stage.ESCALATION, "id_complaint_request"),
            blank="没有填，投诉里按“你想要的结果”写",
        )
    )
    return tuple(rows)


def complainant_rows(case: Case, facts: CaseFacts) -> tuple[Row, ...]:
    def at(field: str) -> str:
        return field_url(case, Stage.ESCALATION, f"id_{field}")

    return (
        Row("你的姓名", facts.complainant_name, at("complainant_name")),
        Row("你的电话", facts.complainant_phone, at("complainant_phone")),
        Row("你的通讯地址", facts.complainant_address, at("complainant_address")),
        Row("被投诉人名称", facts.respondent_name, at("respondent_name")),
        Row("被投诉人地址", facts.respondent_address, at("respondent_address")),
    )
