#!/usr/bin/env bash
# `make restore BACKUP=var/backups/seoul_se-…`: put a backup made by scripts/backup.sh back.
#
#   scripts/restore.sh [--yes] BACKUP_FOLDER
#
# Nothing is touched until every checksum agrees: MANIFEST.sha256 must list the database, the
# files archive, files.sha256 and backup.json, all must match, and every unpacked private file
# must match files.sha256. A tampered or damaged backup is refused (exit 3).
# Then: PostgreSQL → `pg_restore --clean --if-exists` into DATABASE_URL (in one transaction);
# SQLite → the online backup API copies it over the target file. The private files are unpacked
# into PRIVATE_MEDIA_ROOT. Same variables and defaults as scripts/backup.sh. Stop the web and
# worker processes first. Without --yes it asks for the database name (and refuses without a
# terminal).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python3}"
VAR_DIR="${SEOUL_SE_VAR_DIR:-$ROOT/var}"
DATABASE_URL="${DATABASE_URL:-sqlite:///$VAR_DIR/seoul_se.sqlite3}"
PRIVATE="${PRIVATE_MEDIA_ROOT:-$VAR_DIR/private}"

yes=""
if [[ "${1:-}" == "--yes" ]]; then
    yes=1
    shift
fi
if [[ $# -ne 1 || ! -d "$1" ]]; then
    echo "usage: scripts/restore.sh [--yes] BACKUP_FOLDER" >&2
    exit 2
fi
backup="$(cd "$1" && pwd)"

refuse() {
    echo "restore: REFUSED — $*" >&2
    exit 3
}

# --- 1. verify before touching anything ---------------------------------------------------
[[ -f "$backup/MANIFEST.sha256" ]] || refuse "no MANIFEST.sha256 in $backup"
listed() { grep -qE "^[0-9a-f]{64}  $1\$" "$backup/MANIFEST.sha256"; }
if listed database.dump; then
    kind=postgresql dump=database.dump
elif listed database.sqlite3; then
    kind=sqlite dump=database.sqlite3
else
    refuse "the manifest lists no database"
fi
for required in private-files.tar files.sha256 backup.json; do
    listed "$required" || refuse "the manifest does not list $required"
done
(cd "$backup" && sha256sum --check --strict --quiet MANIFEST.sha256) ||
    refuse "checksums do not match MANIFEST.sha256 (damaged or altered backup)"

case "$DATABASE_URL" in
    postgres://* | postgresql://*) target_kind=postgresql ;;
    sqlite:///*) target_kind=sqlite ;;
    *) target_kind=unsupported ;;
esac
if [[ "$target_kind" != "$kind" ]]; then
    echo "restore: the backup is $kind but DATABASE_URL is $target_kind" >&2
    exit 2
fi

mkdir -p "$(dirname "$PRIVATE")"
staging="$(mktemp -d "${PRIVATE%/}.restore-XXXXXX")"
trap 'rm -rf "$staging"' EXIT
tar --extract --file="$backup/private-files.tar" --directory="$staging" --no-same-owner
(cd "$staging" && sha256sum --check --strict --quiet "$backup/files.sha256") ||
    refuse "unpacked private files do not match files.sha256"
echo "restore: $backup verified ($kind, $(wc -l <"$backup/files.sha256") private files)"

# --- 2. confirm ---------------------------------------------------------------------------
if [[ -z "$yes" ]]; then
    target="${DATABASE_URL##*/}"
    target="${target%%\?*}"
    if [[ ! -t 0 ]]; then
        echo "restore: no terminal to confirm; pass --yes" >&2
        exit 2
    fi
    read -r -p "This REPLACES database '$target' and adds files to $PRIVATE. Type its name: " answer
    [[ "$answer" == "$target" ]] || { echo "restore: cancelled" >&2; exit 2; }
fi

# --- 3. restore ---------------------------------------------------------------------------
if [[ "$kind" == postgresql ]]; then
    # --no-owner: the target role owns what it restores (another role may have made the dump).
    pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error \
        --dbname="$DATABASE_URL" "$backup/$dump"
else
    "$PY" "$ROOT/scripts/sqlite_copy.py" "$backup/$dump" "${DATABASE_URL#sqlite:///}"
fi
mkdir -p "$PRIVATE"
cp -a "$staging/." "$PRIVATE/"
echo "restore: done — database ($kind) and private files into $PRIVATE"
