"""Accounts, sign-in records and the mail queue in the admin, with every label in Chinese.

Django's user and group admins, django-axes' login records and django-tasks-db's queue
are registered by their apps; this module registers them again with the few words those
apps leave in English: permissions are stored in the database as "Can add …", and some
columns and actions are named in code. Field and model names go through the translations
(config/locale), app names through config/apps.py.
"""

from axes.admin import AccessAttemptAdmin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
PICK_HELP = "在左边的列表里选中，再点向右的箭头加进右边；右边列出的就是已经有的。"


def permission_label(permission: Permission) -> str:
    """Return a permission as an editor reads it: 指南 · 指南章节 · 修改."""
    model = permission.content_type.model_class()
    action, _, _ = permission.codename.partition("_")
    if model is None or action not in ACTIONS:
        return permission.name
    # simple-history's models keep the model they record as instance_type.
    recorded = getattr(model, "instance_type", None)
    what = (
        f"{recorded._meta.verbose_name}的修改记录"
        if recorded is not None
        else str(model._meta.verbose_name)
    )
    return f"{model._meta.app_config.verbose_name} · {what} · {ACTIONS[action]}"


def _managed_content_types() -> list[ContentType]:
    models = [model for model in admin.site._registry]
    return list(ContentType.objects.get_for_models(*models).values())


class ChinesePermissionsMixin:
    """Show the permissions of a user or a group by their Chinese names."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
            # Only what the admin manages: a permission on a buyer's records or on a table
            # no page shows would give nothing, and would only lengthen the list.
            field.queryset = field.queryset.filter(content_type__in=_managed_content_types())
        if db_field.name in ("permissions", "user_permissions", "groups"):
            # Django's help says to hold Control or Command: the two lists need neither.
            field.help_text = PICK_HELP
        return field


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


class PasswordChangeForm(AdminPasswordChangeForm):
    # Django appends this warning in English, outside its translations.
    usable_password_help_text = SetUnusablePasswordMixin.usable_password_help_text + (
        '<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "关掉以后，这个用户现在的密码会作废。</li></ul>"
    )


@admin.register(User)
class EditorsUserAdmin(ChinesePermissionsMixin, UserAdmin):
    change_password_form = PasswordChangeForm


@admin.register(Group)
class EditorsGroupAdmin(ChinesePermissionsMixin, GroupAdmin):
    pass


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LoginAttemptAdmin(AccessAttemptAdmin):
    @admin.action(description="清理已经过期的记录")
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"清理了 {count} 条已经过期的记录。")

    @admin.display(description="过期时间")
    def expiration(self, obj: AccessAttempt):
        return obj.expiration.expires_at if hasattr(obj, "expiration") else "没有设置"

    @admin.display(description="状态")
    def status(self, obj: AccessAttempt) -> str:
        left = axes_settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return f"还能再试 {left} 次" if left > 0 else "已锁定"


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (
        "id", "task", "status", "enqueued_at", "started_at", "finished_at", "priority",
        "queue_name",
    )  # fmt: skip

    @admin.display(description="任务")
    def task(self, obj: DBTaskResult) -> str:
        return obj.task_name

    @admin.display(description="出错经过")
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description="最早执行时间")
    def display_run_after(self, obj: DBTaskResult):
        return super().display_run_after(obj)
