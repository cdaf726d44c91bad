# Application transitions take the shared TransitionRecord shape: ``at`` is renamed
# ``created_at`` by hand (makemigrations would drop the column and lose the times), the actor
# may be the system (null), the states take the shared length.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATES = [
    ("draft", "작성 중"),
    ("submitted", "접수"),
    ("screening", "적격 검토"),
    ("in_review", "심사 중"),
    ("selected", "선정"),
    ("reserve", "예비 선정"),
    ("rejected", "미선정"),
    ("agreement_signed", "협약 체결"),
    ("in_progress", "사업 수행"),
    ("interim_evaluation", "중간평가"),
    ("completed", "사업 종료"),
    ("settled", "정산 완료"),
    ("withdrawn", "신청 철회"),
    ("ineligible", "부적격"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_application_call_created_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name="applicationtransition",
            old_name="at",
            new_name="created_at",
        ),
        migrations.AlterModelOptions(
            name="applicationtransition",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "신청 상태 이력",
                "verbose_name_plural": "신청 상태 이력",
            },
        ),
        migrations.AlterField(
            model_name="applicationtransition",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="처리 시각"),
        ),
        migrations.AlterField(
            model_name="applicationtransition",
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
            model_name="applicationtransition",
            name="from_status",
            field=models.CharField(
                blank=True, choices=STATES, max_length=32, verbose_name="이전 상태"
            ),
        ),
        migrations.AlterField(
            model_name="applicationtransition",
            name="to_status",
            field=models.CharField(choices=STATES, max_length=32, verbose_name="다음 상태"),
        ),
    ]
