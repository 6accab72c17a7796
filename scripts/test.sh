#!/usr/bin/env bash
# Runs every Stocktrail test. On a fresh machine it first brings what the tests need.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet test Stocktrail.slnx --logger "console;verbosity=normal" 2>&1 | tee /tmp/stocktrail-test.log
status=${PIPESTATUS[0]}

# One plain closing line that any reader of the log understands.
passed=$(grep -oE 'Passed: +[0-9]+' /tmp/stocktrail-test.log | grep -oE '[0-9]+' | paste -sd+ | bc 2>/dev/null || echo 0)
failed=$(grep -oE 'Failed: +[0-9]+' /tmp/stocktrail-test.log | grep -oE '[0-9]+' | paste -sd+ | bc 2>/dev/null || echo 0)
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
