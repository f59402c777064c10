#!/usr/bin/env bash
# The scale benchmark: builds ecomap in release mode, generates maps with `ecomap generate` at the
# sizes of issue 12 (services × cohorts), runs each command on each map, and writes a Markdown table
# of wall-clock times, each time's ratio to `validate` on the same map, peak memory (the largest
# resident set, from GNU time) and the size of what the command wrote. Then `compare` of many areas.
#
#   bench/scale.sh [--max-services N] [--areas A] [--timeout S] [--runs R] [--commands LIST]
#                  [--country] [--dir DIR] [--out FILE] [--no-build] [--tables-only]
#
#   --max-services N  only the maps of at most N services (the size cap: 500 runs in a minute)
#   --areas A         compare this many areas of 150 × 40 (default 300; 0 leaves it out)
#   --timeout S       stop a command after S seconds and mark it "> S s" (default 600)
#   --runs R          run every command of a map once a round, R rounds, keeping the median time,
#                     the largest memory, and the median of the ratios taken round by round; a run
#                     longer than 5 s is not repeated (default 1)
#   --commands LIST   only these commands, comma-separated names from the list below (all)
#   --country         also the country in one map, 45,000 × 3,000 (19 MB of YAML, read with
#                     --max-file-size 64MB: past the issue's table, some minutes more)
#   --dir DIR         where the maps and raw figures go (default target/scale-bench)
#   --out FILE        write the Markdown there as well as to standard output
#   --no-build        use target/release/ecomap as it is
#   --tables-only     write the tables again from DIR/results.tsv, running nothing
#
# Needs bash, GNU time (/usr/bin/time), coreutils' timeout. The figures depend on the machine: read
# the ratios, and compare runs made on one machine one after the other.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
max_services=0
areas=300
limit=600
runs=1
only=""
dir="$root/target/scale-bench"
out=""
build=1
tables_only=0
country=0

usage() {
  sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --max-services) max_services="$2"; shift 2 ;;
    --areas) areas="$2"; shift 2 ;;
    --timeout) limit="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --commands) only="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --tables-only) tables_only=1; shift ;;
    --country) country=1; shift ;;
    -h|--help) usage ;;
    *) echo "scale.sh: unknown option $1" >&2; usage ;;
  esac
done
for n in "$max_services" "$areas" "$limit" "$runs"; do
  case "$n" in ''|*[!0-9]*) echo "scale.sh: $n is not a whole number" >&2; exit 2 ;; esac
done
[ -x /usr/bin/time ] || { echo "scale.sh: needs GNU time (apt-get install time)" >&2; exit 2; }

# services × cohorts, as in issue 12.
sizes=("150 40" "500 150" "1500 400" "5000 600" "15000 1000")
[ "$country" = 1 ] && sizes+=("45000 3000")
# name | arguments after the map ({map} is the map, {new} its changed copy, {service} a service to take away)
commands=(
  "validate|validate {map}"
  "report --format json|report {map} --format json"
  "what-if|what-if {map} --without {service}"
  "contracts|contracts {map} --as-of 2026-04-01"
  "diff|diff {map} {new}"
  "compare|compare {map}"
  "routes|routes {map}"
  "funding|funding {map}"
  "capacity|capacity {map}"
  "dot|dot {map}"
)

ecomap="$root/target/release/ecomap"
raw="$dir/results.tsv"
if [ "$tables_only" = 0 ]; then
  if [ "$build" = 1 ]; then
    echo "building release..." >&2
    (cd "$root" && cargo build --release --quiet)
  fi
  mkdir -p "$dir"
  printf 'map\tcommand\texit\twall_s\tcpu_s\tmax_rss_kib\toutput_bytes\tnote\twall_to_validate\tcpu_to_validate\twall_to_report\n' >"$raw"
  cut -d' ' -f1-3 /proc/loadavg >"$dir/load.txt"
fi
[ -f "$raw" ] || { echo "scale.sh: no $raw to write tables from" >&2; exit 2; }

# 15000 → 15,000
group() {
  echo "$1" | sed -e :a -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'
}

wanted() {
  [ -z "$only" ] && return 0
  case ",$only," in *",$1,"*) return 0 ;; esac
  return 1
}

# One run of one command, its output to $dir/stdout: sets run_code, run_wall, run_cpu, run_rss and
# run_bytes.
run_once() {
  local start end x m u s
  start=$EPOCHREALTIME
  /usr/bin/time -f '%x %M %U %S' -o "$dir/time.txt" \
    timeout "$limit" "$ecomap" "$@" >"$dir/stdout" 2>"$dir/stderr" || true
  end=$EPOCHREALTIME
  run_wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')
  # GNU time writes "Command exited with non-zero status N" first when the command fails; the
  # figures asked for are on the last line.
  read -r x m u s < <(tail -1 "$dir/time.txt")
  run_code="$x"
  run_rss="${m:-0}"
  run_cpu=$(awk -v u="${u:-0}" -v s="${s:-0}" 'BEGIN { printf "%.2f", u + s }')
  run_bytes=$(stat -c %s "$dir/stdout")
  rm -f "$dir/stdout"
}

# The median of numbers, one per argument.
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# The median of the ratios of two lists of times taken in the same rounds (a[i] / b[i]), or
# nothing when no round has both.
paired() {
  local -a a=($1) b=($2)
  local -a r=()
  local i
  for ((i = 0; i < ${#a[@]} && i < ${#b[@]}; i++)); do
    r+=("$(awk -v x="${a[i]}" -v y="${b[i]}" 'BEGIN { if (y > 0) printf "%.4f", x / y }')")
  done
  [ ${#r[@]} -gt 0 ] && median "${r[@]}"
}

# Runs the commands of one map (after its label; each "name|arguments") in rounds: each round runs
# every command once, in turn, so that every command's runs fall in the same minutes as the
# others' and a busy spell stretches them all alike. Each command is run $runs times, but one
# longer than 5 s, or failing, is not run again. Appends a line per command to the raw figures:
# the median time, the largest memory, and the median of its ratios to `validate` (and, for
# `what-if`, `contracts` and `diff`, to `report`) taken round by round.
measure_map() {
  local label="$1"; shift
  local -a names=() argv=() walls=() cpus=() rss=() bytes=() codes=() notes=() done=()
  local entry c r
  for entry in "$@"; do
    names+=("${entry%%|*}")
    argv+=("${entry#*|}")
    walls+=(""); cpus+=(""); rss+=(0); bytes+=(0); codes+=(0); notes+=(""); done+=(0)
  done
  for ((r = 0; r < runs; r++)); do
    for ((c = 0; c < ${#names[@]}; c++)); do
      [ "${done[c]}" = 1 ] && continue
      # shellcheck disable=SC2086 # the arguments are words without spaces
      run_once ${argv[c]}
      walls[c]="${walls[c]} $run_wall"
      cpus[c]="${cpus[c]} $run_cpu"
      [ "$run_rss" -gt "${rss[c]}" ] && rss[c]="$run_rss"
      bytes[c]="$run_bytes"
      codes[c]="$run_code"
      if [ "$run_code" = 124 ]; then
        notes[c]="stopped after $limit s"
      elif [ "$run_code" != 0 ]; then
        notes[c]=$(grep -m1 -E '^(error|Error)' "$dir/stderr" | cut -c1-160 || true)
      fi
      # A long run is steady enough for its length, and a failed one says all it will.
      if [ "$run_code" != 0 ] || awk -v t="$run_wall" 'BEGIN { exit !(t > 5) }'; then
        done[c]=1
      fi
    done
  done
  local v=-1 p=-1
  for ((c = 0; c < ${#names[@]}; c++)); do
    [ "${names[c]}" = validate ] && v=$c
    [ "${names[c]%% *}" = report ] && p=$c
  done
  for ((c = 0; c < ${#names[@]}; c++)); do
    local wall cpu to_v="" to_v_cpu="" to_r=""
    # shellcheck disable=SC2086 # lists of numbers
    wall=$(median ${walls[c]})
    # shellcheck disable=SC2086
    cpu=$(median ${cpus[c]})
    if [ "$v" -ge 0 ] && [ "${codes[c]}" = 0 ] && [ "${codes[v]}" = 0 ]; then
      to_v=$(paired "${walls[c]}" "${walls[v]}")
      to_v_cpu=$(paired "${cpus[c]}" "${cpus[v]}")
    fi
    case "${names[c]}" in
      what-if|contracts|diff)
        if [ "$p" -ge 0 ] && [ "${codes[c]}" = 0 ] && [ "${codes[p]}" = 0 ]; then
          to_r=$(paired "${walls[c]}" "${walls[p]}")
        fi ;;
    esac
    printf '%s\t%s\t%s\t%.3f\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\n' \
      "$label" "${names[c]}" "${codes[c]}" "$wall" "$cpu" "${rss[c]}" "${bytes[c]}" "${notes[c]}" \
      "$to_v" "$to_v_cpu" "$to_r" >>"$raw"
    printf '  %-22s %8.3f s wall %8.2f s cpu %6d MiB  exit %s %s\n' \
      "${names[c]}" "$wall" "$cpu" $((rss[c] / 1024)) "${codes[c]}" "${notes[c]}" >&2
  done
}

if [ "$tables_only" = 0 ]; then
  for size in "${sizes[@]}"; do
    read -r services cohorts <<<"$size"
    if [ "$max_services" -gt 0 ] && [ "$services" -gt "$max_services" ]; then
      continue
    fi
    label="$(group "$services") × $(group "$cohorts")"
    map="$dir/map-$services-$cohorts.yaml"
    new="$dir/map-$services-$cohorts-new.yaml"
    echo "$label: generating" >&2
    "$ecomap" generate --services "$services" --cohorts "$cohorts" --seed 1 -o "$map"
    # The next version of the map: the first cohort grows tenfold-ish (a 1 before its size).
    sed '0,/^    size: /s/^    size: \([0-9]*\)/    size: 1\1/' "$map" >"$new"
    service=area-ips
    grep -q '^  area-ips:$' "$map" || service=$(awk '/^services:/ {s=1; next} s && /^  [^ ]/ {sub(":", ""); print $1; exit}' "$map")
    chosen=()
    for entry in "${commands[@]}"; do
      name="${entry%%|*}"
      wanted "${name%% *}" || continue
      args="${entry#*|}"
      args="${args//\{map\}/$map}"
      args="${args//\{new\}/$new}"
      args="${args//\{service\}/$service}"
      # A map past the default limit of 16 MiB a file is read with a larger one.
      [ "$(stat -c %s "$map")" -gt 16000000 ] && args="$args --max-file-size 64MB"
      chosen+=("$name|$args")
    done
    measure_map "$label" "${chosen[@]}"
  done

  if [ "$areas" -gt 0 ] && wanted compare-areas; then
    label="$areas areas of 150 × 40"
    area_dir="$dir/areas-$areas"
    echo "$label: generating" >&2
    rm -rf "$area_dir"
    "$ecomap" generate --areas "$areas" --services 150 --cohorts 40 --seed 1 -o "$area_dir"
    measure_map "$label" "compare|compare $(printf '%s ' "$area_dir"/area-*.yaml)"
  fi
  cut -d' ' -f1-3 /proc/loadavg >>"$dir/load.txt"
fi

# The Markdown: one row per command, one column per map (in the order measured): CPU time with its
# ratio to validate's, wall-clock time, peak memory, output; then compare of many areas.
markdown() {
  local when commit cpu load
  when=$(date -u -r "$raw" +%Y-%m-%d)
  commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
  cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' || echo unknown)
  load=$(paste -sd ';' "$dir/load.txt" 2>/dev/null | sed 's/;/, and after: /' || echo unknown)
  echo "Measured $when at commit \`$commit\` by \`bench/scale.sh\`: $(nproc) cores ($cpu), $(uname -sr)," \
    "release build, one map per size from \`ecomap generate --seed 1\`, $runs round(s) per map, every" \
    "command once a round (the median time, and the median of the ratios taken round by round; a" \
    "run over 5 s is not repeated), each command stopped after $limit s." \
    "Load average (1, 5, 15 minutes) before: $load."
  echo
  awk -F'\t' -v limit="$limit" '
    function seconds(t) { return t < 10 ? sprintf("%.2f s", t) : sprintf("%.0f s", t) }
    function mib(k) { return sprintf("%.0f MiB", k / 1024) }
    function size(b) {
      if (b < 1024) return b " B"
      if (b < 1048576) return sprintf("%.0f KiB", b / 1024)
      if (b < 10485760) return sprintf("%.1f MiB", b / 1048576)
      return sprintf("%.0f MiB", b / 1048576)
    }
    function failed(k) { return code[k] == 124 ? "> " limit " s" : "exit " code[k] }
    function ratio(t, b) { return b > 0 ? sprintf(" (%.1f×)", t / b) : "" }
    function paired(r) { return sprintf(" (%.1f×)", r) }
    # A row of the targets table: command ÷ against, one cell per map from ratios.
    function ratio_row(command, against, ratios,   line, c, k) {
      line = "| `" command "` ÷ `" against "` |"
      for (c = 1; c <= nc; c++) {
        k = col[c] SUBSEP command
        line = line " " (k in ratios ? sprintf("%.2f×", ratios[k]) : "") " |"
      }
      print line
    }
    NR == 1 { next }
    {
      key = $1 SUBSEP $2
      code[key] = $3; wall[key] = $4; cpu[key] = $5; rss[key] = $6; bytes[key] = $7
      # Ratios taken round by round (results of an older script have none: the ratio of medians).
      if (NF >= 9 && $9 != "") wratio[key] = $9
      if (NF >= 10 && $10 != "") cratio[key] = $10
      if (NF >= 11 && $11 != "") rratio[key] = $11
      if ($1 ~ /areas/) { areas[++na] = key; next }
      if (!($1 in seencol)) { seencol[$1] = 1; col[++nc] = $1 }
      if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 }
      if ($2 == "validate" && $3 == 0) { basecpu[$1] = $5; basewall[$1] = $4 }
      if ($8 != "" && !(($1 SUBSEP $8) in noted)) { noted[$1 SUBSEP $8] = 1; notes[++nn] = $1 ", `" $2 "`: " $8 }
    }
    END {
      title[1] = "CPU time (user and system), and in brackets its ratio to that of `validate` on the same map:"
      title[2] = "Wall-clock time, and its ratio to that of `validate`:"
      title[3] = "Peak memory (largest resident set):"
      title[4] = "Output written (standard output):"
      for (t = 1; t <= 4; t++) {
        print (t > 1 ? "\n" : "") title[t] "\n"
        line = "| command |"; rule = "|---|"
        for (c = 1; c <= nc; c++) { line = line " " col[c] " |"; rule = rule "--:|" }
        print line; print rule
        for (r = 1; r <= n; r++) {
          line = "| `" order[r] "` |"
          for (c = 1; c <= nc; c++) {
            k = col[c] SUBSEP order[r]
            if (!(k in code)) cell = ""
            else if (t <= 2 && code[k] != 0) cell = failed(k)
            else if (t == 1) cell = seconds(cpu[k]) (k in cratio ? paired(cratio[k]) : ratio(cpu[k], basecpu[col[c]]))
            else if (t == 2) cell = seconds(wall[k]) (k in wratio ? paired(wratio[k]) : ratio(wall[k], basewall[col[c]]))
            else if (t == 3) cell = mib(rss[k])
            else cell = (code[k] == 0 ? size(bytes[k]) : "")
            line = line " " cell " |"
          }
          print line
        }
      }
      # The targets of issue 12 that are ratios, as the rounds took them.
      ntarget = 0
      for (c = 1; c <= nc; c++) for (r = 1; r <= n; r++) {
        k = col[c] SUBSEP order[r]
        if (order[r] ~ /^report/ && (k in wratio)) ntarget++
        if (k in rratio) ntarget++
      }
      if (ntarget > 0) {
        print "\nThe targets that are ratios of wall-clock time (at most 2× each), each the median of the ratios"
        print "taken round by round (in a round every command runs once, one after the other):\n"
        line = "| ratio |"; rule = "|---|"
        for (c = 1; c <= nc; c++) { line = line " " col[c] " |"; rule = rule "--:|" }
        print line; print rule
        for (r = 1; r <= n; r++) if (order[r] ~ /^report/) ratio_row(order[r], "validate", wratio)
        for (r = 1; r <= n; r++) if (order[r] ~ /^(what-if|contracts|diff)$/) ratio_row(order[r], "report", rratio)
      }
      for (i = 1; i <= na; i++) {
        k = areas[i]; split(k, parts, SUBSEP)
        printf "\n`compare` of %s: %s wall clock, %s of CPU, peak memory %s.\n", parts[1],
          (code[k] == 0 ? seconds(wall[k]) : failed(k)), seconds(cpu[k]), mib(rss[k])
      }
      if (nn > 0) {
        print "\nCommands that did not finish:\n"
        for (i = 1; i <= nn; i++) print "- " notes[i]
      }
    }' "$raw"
}

if [ -n "$out" ]; then
  markdown | tee "$out"
else
  markdown
fi
