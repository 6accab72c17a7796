#!/usr/bin/env bash
# Until the first release there is one migration per provider, both named Initial: after a model change, this makes
# both again from the model, so that SQLite and PostgreSQL never drift apart.
set -euo pipefail
cd "$(dirname "$0")/../src/Stocktrail"
dotnet tool restore >/dev/null
rm -f Data/Migrations/Sqlite/*.cs Data/Migrations/Postgres/*.cs
dotnet ef migrations add Initial --context SqliteStocktrailDbContext --output-dir Data/Migrations/Sqlite
dotnet ef migrations add Initial --context PostgresStocktrailDbContext --output-dir Data/Migrations/Postgres --no-build
