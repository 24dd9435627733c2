#!/usr/bin/env bash
# Proves the field engineer's install paths work from this clone, as README's "Install the command line" shows them:
# the tool package installs with `dotnet tool install` and runs, and the linux-x64 single-file executable runs
# `vmmassess assess` on a sample with no .NET on PATH (and no DOTNET_ROOT). Writes JUnit XML for the test summary.
# Usage: bash scripts/verify-cli-package.sh [results.xml]     (default: artifacts/test-results/cli-package.xml)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results=${1:-"$root/artifacts/test-results/cli-package.xml"}
mkdir -p "$(dirname "$results")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample="$root/samples/snapshots/contoso-2012r2-to-2016.json"
cases=()
failures=0

# record NAME STATUS(0=pass) DETAIL
record() {
  local name=$1 status=$2 detail=${3:-}
  if [ "$status" -eq 0 ]; then echo "PASS $name"; else echo "FAIL $name: $detail"; failures=$((failures + 1)); fi
  cases+=("$name"$'\t'"$status"$'\t'"$detail")
}
xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }

bash scripts/publish-cli.sh linux-x64 > "$work/publish.log" 2>&1
status=$?
record "publish-cli.sh builds the tool package and the linux-x64 single file" $status "$(tail -n 20 "$work/publish.log")"

package=$(ls artifacts/cli/package/VmmAssess.Cli.*.nupkg 2>/dev/null | head -n 1)
if [ -n "$package" ]; then
  # unzip where the machine has it, else Python's zipfile (a .nupkg is a zip file).
  if command -v unzip >/dev/null; then
    nuspec=$(unzip -p "$package" '*.nuspec' 2>/dev/null)
    listing=$(unzip -l "$package" 2>/dev/null)   # not piped into grep -q: with pipefail, an early exit would fail unzip
  else
    nuspec=$(python3 -c 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.read(next(n for n in z.namelist() if n.endswith(".nuspec"))).decode("utf-8-sig"))' "$package")
    listing=$(python3 -c 'import sys,zipfile; print("\n".join(" " + n for n in zipfile.ZipFile(sys.argv[1]).namelist()))' "$package")
  fi
  missing=""
  for element in description readme tags packageTypes license copyright; do
    grep -q "<$element" <<<"$nuspec" || missing="$missing $element"
  done
  grep -q "Package Description" <<<"$nuspec" && missing="$missing (placeholder description)"
  grep -q ' README.md$' <<<"$listing" || missing="$missing README.md-in-package"
  grep -q ' LICENSE.txt$' <<<"$listing" || missing="$missing LICENSE.txt-in-package"
  [ -z "$missing" ]; record "the tool package carries real metadata and the README" $? "missing:$missing"

  # The README's sequence: install from the folder the package was built into, then run the command.
  dotnet tool install VmmAssess.Cli --tool-path "$work/tools" --source "$root/artifacts/cli/package" > "$work/install.log" 2>&1
  record "dotnet tool install from the built package" $? "$(cat "$work/install.log")"
  "$work/tools/vmmassess" assess "$sample" --format json > "$work/tool.json" 2> "$work/tool.err"
  code=$?
  grep -q '"readiness": "NotReady"' "$work/tool.json"
  record "the installed tool assesses a sample" $(( code != 0 || $? != 0 )) "exit $code; $(head -c 2000 "$work/tool.err")"
else
  record "the tool package carries real metadata and the README" 1 "no package in artifacts/cli/package"
fi

exe="$root/artifacts/cli/linux-x64/vmmassess"
if [ -x "$exe" ]; then
  # No dotnet on PATH, no DOTNET_ROOT, an empty home: only what is inside the single file can run it.
  mkdir -p "$work/empty-bin" "$work/home"
  (cd "$work" && env -i HOME="$work/home" PATH="$work/empty-bin" DOTNET_ROOT=/nonexistent \
    /bin/sh -c 'command -v dotnet >/dev/null && exit 99; exec "$0" "$@"' "$exe" assess "$sample" --format json > "$work/single.json" 2> "$work/single.err")
  code=$?
  grep -q '"tenantId": "contoso"' "$work/single.json" && grep -q '"readiness": "NotReady"' "$work/single.json"
  record "the linux-x64 single file runs assess without the SDK on PATH" $(( code != 0 || $? != 0 )) "exit $code; $(head -c 2000 "$work/single.err")"
  files=$(find "$root/artifacts/cli/linux-x64" -type f | wc -l)
  [ "$files" -eq 1 ]; record "the linux-x64 build is one file" $? "$files files: $(ls "$root/artifacts/cli/linux-x64")"
else
  record "the linux-x64 single file runs assess without the SDK on PATH" 1 "no executable at $exe"
fi

{
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo "<testsuites name=\"cli-package\" tests=\"${#cases[@]}\" failures=\"$failures\" errors=\"0\">"
  echo "  <testsuite name=\"cli-package\" tests=\"${#cases[@]}\" failures=\"$failures\" errors=\"0\">"
  for entry in "${cases[@]}"; do
    IFS=$'\t' read -r name status detail <<<"$entry"
    name=$(printf '%s' "$name" | xml_escape)
    if [ "$status" -eq 0 ]; then
      echo "    <testcase classname=\"cli-package\" name=\"$name\"/>"
    else
      echo "    <testcase classname=\"cli-package\" name=\"$name\"><failure message=\"$(printf '%s' "$detail" | tr '\n' ' ' | xml_escape)\"/></testcase>"
    fi
  done
  echo "  </testsuite>"
  echo "</testsuites>"
} > "$results"
[ "$failures" -eq 0 ]
