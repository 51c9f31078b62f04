"""The editors' writing box: a tall textarea beside a live preview of what readers get.

Used for guide chapters and wizard texts alike. The preview pane is filled on the server,
by the same code the public page uses: the first time when the form is drawn, then by htmx
each time the editor pauses typing (the form is posted to the model admin's preview view,
which answers with the pane alone). On a phone the pane sits under the textarea. Without
JavaScript the pane shows the saved version and the full-page preview button still works.
"""

from django import forms
from django.utils.safestring import SafeString


class EditorWidget(forms.Textarea):
    template_name = "components/editor.html"

    def __init__(self, *, tools_template: str = "", attrs: dict | None = None):
        super().__init__(attrs={"rows": 24, "class": "kr-editor__text", **(attrs or {})})
        # Set by the form, which knows the instance: where the pane asks for a preview,
        # what it shows first, and what the tools above the textarea offer.
        self.tools_template = tools_template
        self.preview_url = ""
        self.preview_html: SafeString | str = ""
        self.tools: dict = {}

    class Media:
        css = {"all": ["css/editor.css"]}
        # editor.js switches off htmx's inline styles (the CSP allows none) before htmx starts.
        js = ["django_htmx/htmx-2.min.js", "js/editor.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            tools_template=self.tools_template,
            preview_url=self.preview_url,
            preview_html=self.preview_html,
            tools=self.tools,
        )
        return context
