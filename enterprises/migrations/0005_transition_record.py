# The registry's transitions take the shared TransitionRecord shape: ``at`` is renamed
# ``created_at`` (rows kept), states may be 32 characters, the actor may be the system.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0004_name_search_statistics'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name='statustransition',
            old_name='at',
            new_name='created_at',
        ),
        migrations.AlterModelOptions(
            name='statustransition',
            options={'ordering': ['-created_at', '-pk'], 'verbose_name': '상태 변경 기록', 'verbose_name_plural': '상태 변경 기록'},
        ),
        migrations.AlterField(
            model_name='statustransition',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='처리자'),
        ),
        migrations.AlterField(
            model_name='statustransition',
            name='comment',
            field=models.TextField(blank=True, verbose_name='의견'),
        ),
        migrations.AlterField(
            model_name='statustransition',
            name='from_status',
            field=models.CharField(blank=True, max_length=32, verbose_name='이전 상태'),
        ),
        migrations.AlterField(
            model_name='statustransition',
            name='to_status',
            field=models.CharField(max_length=32, verbose_name='변경 상태'),
        ),
    ]
