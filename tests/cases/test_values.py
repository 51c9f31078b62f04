"""What the appeal statement asks the platform to check, by the problems the buyer chose."""

import pytest

from cases.texts.values import platform_check


@pytest.mark.parametrize(
    ("problems", "expected"),
    [
        (["invalid_code"], "核实商家的发货记录"),
        (["late"], "核实商家的发货记录"),
        # Two problems with the same check ask for it once.
        (["late", "invalid_code"], "核实商家的发货记录"),
        (["not_as_described"], "核实收到的商品和页面描述是否一致"),
        (["software_broken"], "核实商家交付的商品能不能正常使用"),
        (
            ["invalid_code", "not_as_described"],
            "核实商家的发货记录，并核实收到的商品和页面描述是否一致",
        ),
        # The buyer's own reasons give the platform nothing particular to check.
        (["not_needed"], "核实情况"),
        ([], "核实情况"),
    ],
)
def test_platform_check(problems, expected):
    assert platform_check(problems) == expected
