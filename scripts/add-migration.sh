#!/usr/bin/env bash
# Adds one migration, named for what it does (AddUsers, AddMovementKind), to both providers' migration sets.
# Release 0.1's Initial migrations are frozen: a model change is always a new migration, never an edit of an old one.
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NameOfTheChange}
cd "$(dirname "$0")/.."
exec 9>/tmp/stocktrail-add-migration.lock
flock 9   # two developers adding at once would race on the snapshots
dotnet tool restore >/dev/null
cd src/Stocktrail
dotnet build --nologo -v q >/dev/null || { echo "The app does not build; no migration added." >&2; exit 1; }
dotnet ef migrations add "$name" --no-build --context SqliteStocktrailDbContext --output-dir Data/Migrations/Sqlite
dotnet ef migrations add "$name" --no-build --context PostgresStocktrailDbContext --output-dir Data/Migrations/Postgres
