#!/usr/bin/env bash
# Whole-process benchmarks: one cold `vigil` process per scenario under /usr/bin/time -v (wall, CPU = user + sys,
# peak RSS), from files. Data: `dotnet run -c Release --project bench/Vigil.Bench -- gen-data DIR` first.
#
#   bench/whole-process.sh DIR [VIGIL...]      # VIGIL defaults to the installed form: src/Vigil.Cli published
#                                              # (ReadyToRun, incremental) to artifacts/vigil first
#   SCENARIOS="audit-csv drift-100k" bench/whole-process.sh DIR
#
# Prints one Markdown row per scenario: | scenario | wall s | CPU s | peak RSS MB | exit |
set -u
dir=${1:?usage: bench/whole-process.sh DATA_DIR [VIGIL COMMAND...]}
shift
if [ $# -gt 0 ]; then vigil=("$@"); else
  root=$(cd "$(dirname "$0")/.." && pwd)
  # Published each time (incremental), so that a changed source is never measured from a stale binary.
  dotnet publish "$root/src/Vigil.Cli" -c Release -r linux-x64 --self-contained false -o "$root/artifacts/vigil" >/dev/null || exit 2
  vigil=(dotnet "$root/artifacts/vigil/vigil.dll")
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
audit=(audit --label label --protected race,age_band --intersections 'race*age_band' --format json)

run() {
  local name=$1; shift
  /usr/bin/time -v -o "$out/time" "$@" >"$out/stdout" 2>"$out/stderr"
  local code=$?
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$out/time")
  cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$out/time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$out/time")
  printf '| %s | %.2f | %s | %s | %s |\n' "$name" "$wall" "$cpu" "$rss" "$code"
  [ "$code" = 0 ] || head -c 400 "$out/stderr" >&2
}

scenarios=${SCENARIOS:-"audit-csv audit-parquet audit-csv-predictions drift-100k-csv drift-1m-csv drift-1m-parquet"}
echo "| scenario | wall s | CPU s | peak RSS MB | exit |"
echo "| --- | ---: | ---: | ---: | ---: |"
for s in $scenarios; do
  case $s in
    audit-csv) run "$s" "${vigil[@]}" "${audit[@]}" --data "$dir/audit-10m.csv" --score score --bootstrap 1000 --out "$out/a.json" ;;
    audit-parquet) run "$s" "${vigil[@]}" "${audit[@]}" --data "$dir/audit-10m.parquet" --score score --bootstrap 1000 --out "$out/a.json" ;;
    audit-csv-duckdb) run "$s" "${vigil[@]}" "${audit[@]}" --source duckdb: --query "SELECT * FROM read_csv('$dir/audit-10m.csv')" --score score --bootstrap 1000 --out "$out/a.json" ;;
    audit-parquet-duckdb) run "$s" "${vigil[@]}" "${audit[@]}" --source duckdb: --query "SELECT * FROM read_parquet('$dir/audit-10m.parquet')" --score score --bootstrap 1000 --out "$out/a.json" ;;
    audit-csv-predictions-duckdb) run "$s" "${vigil[@]}" "${audit[@]}" --source duckdb: --query "SELECT * FROM read_csv('$dir/audit-10m.csv')" --prediction prediction --bootstrap 1000 --out "$out/a.json" ;;
    audit-csv-predictions) run "$s" "${vigil[@]}" "${audit[@]}" --data "$dir/audit-10m.csv" --prediction prediction --bootstrap 1000 --out "$out/a.json" ;;
    audit-100m-parquet-duckdb) run "$s" "${vigil[@]}" "${audit[@]}" --source duckdb: --query "SELECT * FROM read_parquet('$dir/audit-100m.parquet')" --score score --bootstrap 1000 --out "$out/a.json" ;;
    audit-100m-parquet) run "$s" "${vigil[@]}" "${audit[@]}" --data "$dir/audit-100m.parquet" --score score --bootstrap 1000 --out "$out/a.json" ;;
    drift-100k-csv) run "$s" "${vigil[@]}" drift --reference-data "$dir/drift-100kx20-reference.csv" --current-data "$dir/drift-100kx20-current.csv" --format json --out "$out/d.json" ;;
    drift-100k-parquet) run "$s" "${vigil[@]}" drift --reference-data "$dir/drift-100kx20-reference.parquet" --current-data "$dir/drift-100kx20-current.parquet" --format json --out "$out/d.json" ;;
    drift-1m-csv) run "$s" "${vigil[@]}" drift --reference-data "$dir/drift-1mx50-reference.csv" --current-data "$dir/drift-1mx50-current.csv" --format json --out "$out/d.json" ;;
    drift-1m-parquet) run "$s" "${vigil[@]}" drift --reference-data "$dir/drift-1mx50-reference.parquet" --current-data "$dir/drift-1mx50-current.parquet" --format json --out "$out/d.json" ;;
    *) echo "unknown scenario $s" >&2 ;;
  esac
done
