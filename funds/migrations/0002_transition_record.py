# The loan transitions take the shared TransitionRecord shape: ``at`` is renamed ``created_at``
# (rows kept), statuses are 32 characters, the actor may be the system (null).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('funds', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name='loantransition',
            old_name='at',
            new_name='created_at',
        ),
        migrations.AlterModelOptions(
            name='loantransition',
            options={'ordering': ['created_at', 'pk'], 'verbose_name': '융자 상태 변경', 'verbose_name_plural': '융자 상태 변경'},
        ),
        migrations.AlterField(
            model_name='loantransition',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='처리 시각'),
        ),
        migrations.AlterField(
            model_name='loantransition',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='처리자'),
        ),
        migrations.AlterField(
            model_name='loantransition',
            name='from_status',
            field=models.CharField(blank=True, max_length=32, verbose_name='이전 상태'),
        ),
        migrations.AlterField(
            model_name='loantransition',
            name='to_status',
            field=models.CharField(max_length=32, verbose_name='변경 상태'),
        ),
    ]
