from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin app with the editors' site (config.admin) as admin.site."""

    default_site = "config.admin.EditorsAdminSite"
