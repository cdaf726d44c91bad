from django.db import migrations, models


def _fields():
    return [
        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
        ("code", models.CharField(max_length=32, unique=True, verbose_name="코드")),
        ("name", models.CharField(max_length=100, unique=True, verbose_name="이름")),
        ("sort_order", models.PositiveSmallIntegerField(default=0, verbose_name="정렬 순서")),
    ]


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations = [
        migrations.CreateModel(name=name, fields=_fields(), options={
            "verbose_name": verbose, "verbose_name_plural": verbose,
            "ordering": ["sort_order", "code"], "abstract": False})
        for name, verbose in [("District", "자치구"), ("LegalType", "기업 유형"),
                              ("Sector", "업종"), ("StrategicField", "전략 분야")]
    ]
