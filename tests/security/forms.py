"""Find the POST forms a page offers, with each field's name, type and choices."""

from dataclasses import dataclass, field, replace
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    type: str  # the input's type, or "select" / "textarea"
    value: str = ""
    choices: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    page: str
    action: str
    multipart: bool
    hx_post: str = ""
    htmx_only: bool = False
    fields: dict[str, Field] = field(default_factory=dict)
    # hx-post endpoints of elements inside the form (say a live check on one part):
    # htmx posts the enclosing form's fields to them.
    inner_posts: list[str] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            if attributes.get("method", "get").lower() == "post":
                self._form = Form(
                    page=self.page,
                    action=attributes.get("action") or self.page,
                    multipart=attributes.get("enctype") == "multipart/form-data",
                    hx_post=attributes.get("hx-post", ""),
                )
            return
        if self._form is not None and attributes.get("hx-post"):
            self._form.inner_posts.append(attributes["hx-post"])
        if tag == "option" and self._select is not None:
            self._select.choices.append(attributes.get("value", ""))
            return
        name = attributes.get("name")
        if self._form is None or not name:
            return
        fields = self._form.fields
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            known = fields.setdefault(name, Field(name, kind, value=attributes.get("value", "")))
            if kind in {"radio", "checkbox"}:
                known.choices.append(attributes.get("value", "on"))
                known.multiple = kind == "checkbox"
        elif tag == "select":
            self._select = fields.setdefault(
                name, Field(name, "select", multiple="multiple" in attributes)
            )
        elif tag == "textarea":
            fields.setdefault(name, Field(name, "textarea"))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html: str, page: str) -> list[Form]:
    """Return the POST forms in html; page is the URL the forms were found on.

    A form whose hx-post differs from its action appears twice: once per endpoint;
    so does a form holding an element with its own hx-post.
    """
    parser = _FormParser(page)
    parser.feed(html)
    forms = []
    for form in parser.forms:
        forms.append(form)
        if form.hx_post and form.hx_post != form.action:
            forms.append(replace(form, action=form.hx_post, htmx_only=True))
        for endpoint in dict.fromkeys(form.inner_posts):
            if endpoint not in {form.action, form.hx_post}:
                forms.append(replace(form, action=endpoint, htmx_only=True))
    return forms
