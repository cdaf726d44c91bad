#!/usr/bin/env bash
# `make backup`: the database and the private files into one timestamped folder.
#
#   DATABASE_URL        postgres://… → `pg_dump -Fc`; unset or sqlite:///… → SQLite online backup
#   PRIVATE_MEDIA_ROOT  private files (uploads, evidence, workbooks); default var/private
#   BACKUP_DIR          where backup folders go; default var/backups
#
# The folder holds database.dump (or database.sqlite3), private-files.tar, files.sha256 (every
# private file's SHA-256), backup.json, and MANIFEST.sha256 over all of them. It is written as
# NAME.partial and renamed when complete, so a half-written backup never looks usable.
# Defaults match seoul_se/settings.py. PostgreSQL needs only bash, pg_dump (same major version
# as the server or newer), GNU tar and coreutils — e.g. the postgres:16 image (see README);
# SQLite needs python3.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python3}"
VAR_DIR="${SEOUL_SE_VAR_DIR:-$ROOT/var}"
DATABASE_URL="${DATABASE_URL:-sqlite:///$VAR_DIR/seoul_se.sqlite3}"
PRIVATE="${PRIVATE_MEDIA_ROOT:-$VAR_DIR/private}"
BACKUP_DIR="${BACKUP_DIR:-$VAR_DIR/backups}"

name="seoul_se-$(TZ=Asia/Seoul date +%Y%m%d-%H%M%S)"
final="$BACKUP_DIR/$name"
work="$final.partial"
if [[ -e "$final" || -e "$work" ]]; then
    echo "backup: $final already exists" >&2
    exit 1
fi
mkdir -p "$BACKUP_DIR"
# Backups hold personal data: readable by the owner only.
umask 077
mkdir "$work"
trap 'rm -rf "$work"' ERR INT TERM

case "$DATABASE_URL" in
    postgres://* | postgresql://*)
        kind=postgresql
        dump=database.dump
        pg_dump --format=custom --file="$work/$dump" --dbname="$DATABASE_URL"
        ;;
    sqlite:///*)
        kind=sqlite
        dump=database.sqlite3
        source="${DATABASE_URL#sqlite:///}"
        if [[ ! -f "$source" ]]; then
            echo "backup: SQLite database $source not found" >&2
            exit 1
        fi
        "$PY" "$ROOT/scripts/sqlite_copy.py" "$source" "$work/$dump"
        ;;
    *)
        echo "backup: unsupported DATABASE_URL scheme (postgres:// or sqlite:///)" >&2
        exit 1
        ;;
esac

mkdir -p "$PRIVATE"
# tmp/ holds unfinished background-job output (JOB_TEMP_ROOT): nothing to restore.
tar --create --file="$work/private-files.tar" --directory="$PRIVATE" --exclude=./tmp .
# Hash the files as stored IN the archive (the live folder may change meanwhile); tar runs the
# command for regular files only and extracts nothing.
(cd "$work" && tar --extract --file=private-files.tar \
    --to-command='printf "%s  ./%s\n" "$(sha256sum | cut -c1-64)" "${TAR_FILENAME#./}"' \
    >files.sha256)
files=$(wc -l <"$work/files.sha256")
# Where it came from, without the password.
server="${DATABASE_URL#*://}"
server="${server#*@}"
host="" tool=""
if [[ "$kind" == postgresql ]]; then
    host="${server%%[:/]*}"
    tool="$(pg_dump --version)"
fi
cat >"$work/backup.json" <<JSON
{
  "created_at": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "kind": "$kind",
  "database": "$(basename "${server%%\?*}")",
  "database_host": "$host",
  "tool": "$tool",
  "private_files": $files
}
JSON
(cd "$work" && sha256sum "$dump" private-files.tar files.sha256 backup.json >MANIFEST.sha256)

mv "$work" "$final"
trap - ERR INT TERM
echo "backup: $final ($kind, $files private files)"
echo "backup: MANIFEST.sha256 $(sha256sum "$final/MANIFEST.sha256" | cut -d' ' -f1)"
