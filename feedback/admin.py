"""The editors' view of 这一页有帮助吗？: per-page counts, then every answer, newest first.

Read-only: an answer is what a reader said. Editors may delete one (spam), nothing else.
"""

from django.contrib import admin
from django.http import HttpRequest

from feedback.models import PageFeedback
from feedback.selectors import feedback_totals


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    list_display = ("answered_at", "page", "answer", "comment")
    list_display_links = None
    list_filter = ("helpful", "stage", ("part", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("part",)
    search_fields = ("comment",)
    change_list_template = "admin/feedback/pagefeedback/change_list.html"

    @admin.display(description="页面", ordering="part__order")
    def page(self, obj: PageFeedback) -> str:
        return obj.page_title

    @admin.display(description="有帮助吗", ordering="helpful")
    def answer(self, obj: PageFeedback) -> str:
        return "有" if obj.helpful else "没有"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {**(extra_context or {}), "totals": feedback_totals()}
        return super().changelist_view(request, extra_context)
