#!/usr/bin/env bash
# Whole-run timing of `rongtong determine` on a synthetic registry (see bench/README.md).
# Usage: bench/run-determine.sh            (1,000,000 enterprises, seed 42, 3 runs)
#        ENTERPRISES=100000 RUNS=5 bench/run-determine.sh
#        TIMER=proc bench/run-determine.sh   (wall from the shell, peak RSS from /proc, as without GNU time)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
enterprises="${ENTERPRISES:-1000000}"
seed="${SEED:-42}"
runs="${RUNS:-3}"
as_of="2023-06-30"
data="bench/data/seed${seed}-n${enterprises}"
out_dir="$(mktemp -d /tmp/rongtong-determine.XXXXXX)"
trap 'rm -rf "$out_dir"' EXIT

echo "== build (Release)" >&2
dotnet build src/Rongtong.Cli -c Release -nologo -v quiet >&2
dotnet build bench/Rongtong.Bench -c Release -nologo -v quiet >&2
cli="src/Rongtong.Cli/bin/Release/net10.0/rongtong.dll"

if [[ ! -s "$data/enterprises.csv" || ! -s "$data/taxes.csv" ]]; then
  echo "== generate $enterprises enterprises, seed $seed -> $data" >&2
  mkdir -p "$data"
  dotnet bench/Rongtong.Bench/bin/Release/net10.0/Rongtong.Bench.dll generate \
    --enterprises "$enterprises" --seed "$seed" --out "$data"
else
  echo "== reuse $data" >&2
fi
input_rows=$(( $(wc -l < "$data/enterprises.csv") - 1 ))
tax_rows=$(( $(wc -l < "$data/taxes.csv") - 1 ))
echo "input: $input_rows enterprises ($(du -m "$data/enterprises.csv" | cut -f1) MB), $tax_rows tax rows ($(du -m "$data/taxes.csv" | cut -f1) MB)"

# One timed run: prints "WALL_SECONDS MAX_RSS_MB".
timed() {
  local output="$1" log="$2"
  local args=(dotnet "$cli" determine --enterprises "$data/enterprises.csv" --taxes "$data/taxes.csv"
              --as-of "$as_of" --output "$output")
  if [[ -x /usr/bin/time && "${TIMER:-gnu}" != proc ]]; then
    /usr/bin/time -v -o "$log.time" "${args[@]}" 2> "$log"
    awk -F': ' '
      /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
      /Maximum resident set size/ { rss = $2 / 1024 }
      END { printf "%.2f %.0f\n", wall, rss }' "$log.time"
  else
    # No GNU time: wall from the shell clock, peak RSS from VmHWM polled in /proc until the process ends.
    local start end pid hwm=0 kb
    start=$(date +%s%N)
    "${args[@]}" 2> "$log" &
    pid=$!
    while kill -0 "$pid" 2> /dev/null; do
      kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2> /dev/null || true)
      [[ -n "$kb" && "$kb" -gt "$hwm" ]] && hwm=$kb
      sleep 0.01
    done
    wait "$pid"
    end=$(date +%s%N)
    awk -v ns="$((end - start))" -v kb="$hwm" 'BEGIN { printf "%.2f %.0f\n", ns / 1e9, kb / 1024 }'
  fi
}

walls=()
rsses=()
for i in $(seq 1 "$runs"); do
  read -r wall rss < <(timed "$out_dir/out.csv" "$out_dir/stderr.log")
  walls+=("$wall")
  rsses+=("$rss")
  echo "run $i: wall ${wall} s, max RSS ${rss} MB"
done
echo "summary line: $(tail -n 1 "$out_dir/stderr.log")"

output_rows=$(( $(wc -l < "$out_dir/out.csv") - 1 ))
key_rows=$(grep -c ',ok,true,' "$out_dir/out.csv" || true)
invalid_rows=$(grep -c ',invalid,' "$out_dir/out.csv" || true)
echo "output: $output_rows rows, $key_rows key, $invalid_rows invalid"
if [[ "$output_rows" -ne "$input_rows" ]]; then
  echo "FAIL: output rows ($output_rows) != input rows ($input_rows)" >&2
  exit 1
fi
echo "check: output rows == input rows"

sorted_walls=$(printf '%s\n' "${walls[@]}" | sort -g)
sorted_rss=$(printf '%s\n' "${rsses[@]}" | sort -g)
mid=$(( (runs + 1) / 2 ))
echo "wall s : best $(echo "$sorted_walls" | head -n 1), median $(echo "$sorted_walls" | sed -n "${mid}p")  (target <= 1.0)"
echo "RSS MB : best $(echo "$sorted_rss" | head -n 1), median $(echo "$sorted_rss" | sed -n "${mid}p")  (target <= 512)"
