import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consulting", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Renamed, not dropped and added: the recorded times are kept.
        migrations.RenameField(model_name="casetransition", old_name="at", new_name="created_at"),
        migrations.AlterModelOptions(
            name="casetransition",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "상담 상태 변경",
                "verbose_name_plural": "상담 상태 변경",
            },
        ),
        migrations.AlterField(
            model_name="casetransition",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="처리자",
            ),
        ),
        migrations.AlterField(
            model_name="casetransition",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="처리 시각"),
        ),
        migrations.AlterField(
            model_name="casetransition",
            name="from_status",
            field=models.CharField(blank=True, max_length=32, verbose_name="이전 상태"),
        ),
        migrations.AlterField(
            model_name="casetransition",
            name="to_status",
            field=models.CharField(max_length=32, verbose_name="변경 상태"),
        ),
    ]
