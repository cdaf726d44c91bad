from typing import Any

from django.core.management.base import BaseCommand

from seoul_se.audit.services import purge_expired_access_logs, retention_years


class Command(BaseCommand):
    help = "개인정보 접속기록 중 보존 기간(ACCESS_LOG_RETENTION_YEARS, 최소 2년)이 지난 기록을 삭제합니다."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_expired_access_logs()
        self.stdout.write(f"{deleted} rows older than {retention_years()} years deleted.")
