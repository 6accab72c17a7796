#!/usr/bin/env bash
# Until the first release, each provider keeps one migration, Initial, made anew from the model after every change.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/stocktrail-regen-migrations.lock
flock 9   # two developers regenerating at once would leave two Initial migrations
dotnet tool restore >/dev/null
cd src/Stocktrail
dotnet build --nologo -v q >/dev/null || { echo "The app does not build; migrations left as they were." >&2; exit 1; }
rm -f Data/Migrations/Sqlite/*.cs Data/Migrations/Postgres/*.cs
dotnet build --nologo -v q >/dev/null
dotnet ef migrations add Initial --no-build --context SqliteStocktrailDbContext --output-dir Data/Migrations/Sqlite
dotnet build --nologo -v q >/dev/null
dotnet ef migrations add Initial --no-build --context PostgresStocktrailDbContext --output-dir Data/Migrations/Postgres
