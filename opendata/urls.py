from django.urls import path, register_converter

from opendata import views

app_name = "opendata"


class FormatConverter:
    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "format")

urlpatterns = [
    path("", views.index, name="index"),
    path("dictionary/", views.dictionary, name="dictionary"),
    path("<int:year>/360giving.json", views.giving_package, name="giving"),
    path("<int:year>/<slug:name>.<format:fmt>", views.download, name="download"),
]
