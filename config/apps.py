from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django_tasks_db.apps import TasksAppConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin app with the editors' site (config.admin) as admin.site."""

    default_site = "config.admin.EditorsAdminSite"


# Third-party apps named as editors read them: the admin's index and breadcrumbs show an app's
# verbose_name, which these apps set in English (or not at all). Django's way to rename an
# app it does not own is a subclass of its AppConfig, listed in INSTALLED_APPS instead.
class AxesConfig(AxesAppConfig):
    verbose_name = "登录保护"


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = "后台任务"
