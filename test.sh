#!/usr/bin/env bash
# Runs every Vigil test. Needs only the .NET SDK: NuGet packages are restored here; the tests use
# real files and an embedded DuckDB, so there is no server to install or start yet.
# Ends with one line "N passed, N failed" (CI reads that line, not dotnet test's own summary).
set -uo pipefail
cd "$(dirname "$0")"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

if ! dotnet restore Vigil.slnx; then
  echo "0 passed, 1 failed"; exit 1
fi
# Build first and on its own: a failed build would otherwise show only as a cryptic test-run error.
if ! dotnet build Vigil.slnx --no-restore -c Debug -nologo -v minimal; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

dotnet test Vigil.slnx --no-build -c Debug --logger "trx" --results-directory "$results" -- RunConfiguration.CollectSourceInformation=false
rc=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [[ $rc -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $rc
