"""Writes for a case as a whole: create one, move a browser's cases into an account."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from cases.models import Case
from cases.services.stage import add_event


@transaction.atomic
def case_create(
    *,
    owner: AbstractBaseUser | None,
    session_key: str = "",
    title: str = "",
    platform_name: str = "",
    product_name: str = "",
) -> Case:
    """Create a case owned by a user or, before sign-up, by a browser session."""
    if owner is None and not session_key:
        raise ValueError("an anonymous case needs a session key")
    case = Case(
        owner=owner,
        session_key="" if owner is not None else session_key,
        title=title,
        platform_name=platform_name,
        product_name=product_name,
    )
    case.full_clean()
    case.save()
    add_event(case=case, message="创建了案件")
    return case


@transaction.atomic
def cases_claim_for_user(*, user: AbstractBaseUser, session_key: str | None) -> int:
    """Move the cases a browser session started into the user's account; return how many."""
    if not session_key:
        return 0
    cases = list(
        Case.objects.select_for_update().filter(owner__isnull=True, session_key=session_key)
    )
    for case in cases:
        case.owner = user
        case.session_key = ""
        case.full_clean()
        case.save(update_fields=["owner", "session_key", "updated_at"])
        add_event(case=case, message="案件已从这个浏览器转入账号")
    return len(cases)
