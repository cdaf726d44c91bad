from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "교육·인재양성"
