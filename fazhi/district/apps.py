from django.apps import AppConfig


class DistrictConfig(AppConfig):
    name = "fazhi.district"
    verbose_name = "区级工作台"
    default_auto_field = "django.db.models.BigAutoField"
