#!/usr/bin/env bash
# `make run`: migrate, load demo data, then serve the portal with a real Celery worker and beat.
# Embedded defaults: SQLite file and kombu's filesystem broker under var/ (no servers needed).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-seoul_se.settings.development}"
PY=.venv/bin/python
PORT="${PORT:-8000}"

$PY manage.py migrate --noinput
$PY manage.py load_demo

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

LOG_DIR="${SEOUL_SE_VAR_DIR:-var}/log"
mkdir -p "$LOG_DIR"
$PY -m celery -A seoul_se worker --loglevel=INFO --concurrency=2 >"$LOG_DIR/worker.log" 2>&1 &
pids+=($!)
$PY -m celery -A seoul_se beat --loglevel=INFO >"$LOG_DIR/beat.log" 2>&1 &
pids+=($!)

cat <<MSG

  서울 사회적경제 포털: http://127.0.0.1:${PORT}/
  API 문서: http://127.0.0.1:${PORT}/api/schema/swagger/
  데모 계정 (비밀번호 모두 Seoul-demo-2026!):
    공무원       official@seoul-se.kr
    센터 직원    staff@seoul-se.kr
    기업 담당자  member@seoul-se.kr
    심사위원     reviewer@seoul-se.kr
    감사인       auditor@seoul-se.kr
    관리자       admin@seoul-se.kr
    수행기관     intermediary@seoul-se.kr
  2단계 인증 (공무원·센터 직원·감사인·관리자·수행기관, 데모 전용 비밀 키):
    인증 앱에 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ 를 등록하고 6자리 코드를 입력하세요.
  Celery worker/beat logs: ${LOG_DIR}/worker.log, ${LOG_DIR}/beat.log

MSG
$PY manage.py runserver "127.0.0.1:${PORT}"
