from django.core.management.base import BaseCommand
from django.db import transaction

from seoul_se.core.demo import loaders


class Command(BaseCommand):
    help = "데모 데이터를 불러옵니다 (여러 번 실행해도 같은 결과)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--only", nargs="*", help="app labels to load (default: all)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        only = set(options.get("only") or [])
        for label, load in loaders():
            if only and label not in only:
                continue
            self.stdout.write(f"[{label}] 데모 데이터 적재 중…")
            with transaction.atomic():
                load(self.stdout)
        self.stdout.write(self.style.SUCCESS("데모 데이터 적재 완료"))
