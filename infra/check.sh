#!/usr/bin/env bash
# Compiles and lints every Bicep template under infra/ with the Bicep CLI restored from NuGet.
#
#   bash infra/check.sh
#
# - restores Azure.Bicep.CommandLine.linux-x64 (version pinned in tools/bicep/bicep.proj) into the
#   NuGet global packages folder; needs only the .NET SDK;
# - `bicep build` on every template -> infra/out/<same path>.json (git-ignored; read by
#   tests/VmmAssess.Infra.Tests);
# - `bicep build-params` on every parameters file (infra/params/*.bicepparam: public and private mode)
#   -> infra/out/params/<name>.json, checked against main.bicep's parameter types and allowed values;
# - `bicep lint` on every template and parameters file;
# - fails on any error AND any warning (compiler or linter): `bicep build`/`bicep lint` exit 0 on
#   warnings, so their output is checked as well.
# Exit status: 0 when everything is clean, 1 otherwise.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
bicep_proj="$repo_root/tools/bicep/bicep.proj"
out_dir="$script_dir/out"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "infra/check.sh: the Bicep CLI package used here is linux-x64 only (this is $(uname -s)-$(uname -m))." >&2; exit 1 ;;
esac

bicep_version="$(sed -n 's:.*<BicepVersion>\([^<]*\)</BicepVersion>.*:\1:p' "$bicep_proj" | head -n 1)"
if [[ -z "$bicep_version" ]]; then
  echo "infra/check.sh: no <BicepVersion> in $bicep_proj" >&2
  exit 1
fi

# Restore (retry: the registry occasionally times out).
restored=0
for attempt in 1 2 3; do
  if dotnet restore "$bicep_proj" --nologo --verbosity quiet; then restored=1; break; fi
  echo "infra/check.sh: restore attempt $attempt failed; retrying" >&2
  sleep $((attempt * 5))
done
if [[ $restored -ne 1 ]]; then
  echo "infra/check.sh: could not restore the Bicep CLI ($bicep_version)" >&2
  exit 1
fi

packages_dir="${NUGET_PACKAGES:-}"
if [[ -z "$packages_dir" ]]; then
  packages_dir="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p' | head -n 1)"
fi
packages_dir="${packages_dir%/}"
bicep="$packages_dir/azure.bicep.commandline.linux-x64/$bicep_version/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  echo "infra/check.sh: Bicep CLI not found at $bicep after restore" >&2
  exit 1
fi
[[ -x "$bicep" ]] || chmod +x "$bicep"
echo "infra/check.sh: $("$bicep" --version)"

rm -rf "$out_dir"
mkdir -p "$out_dir"

cd "$script_dir"
mapfile -t templates < <(find . -path ./out -prune -o \( -name '*.bicep' -o -name '*.bicepparam' \) -type f -print | sed 's:^\./::' | LC_ALL=C sort)
if [[ ${#templates[@]} -eq 0 ]]; then
  echo "infra/check.sh: no templates found" >&2
  exit 1
fi

failures=0
diagnostic_pattern=') : (Warning|Error) '
for template in "${templates[@]}"; do
  if [[ "$template" == *.bicepparam ]]; then
    target="$out_dir/${template%.bicepparam}.json"
    build_command=build-params
  else
    target="$out_dir/${template%.bicep}.json"
    build_command=build
  fi
  mkdir -p "$(dirname "$target")"

  set +e
  build_output="$("$bicep" "$build_command" "$template" --outfile "$target" 2>&1)"
  build_rc=$?
  lint_output="$("$bicep" lint "$template" 2>&1)"
  lint_rc=$?
  set -e

  status="ok"
  if [[ $build_rc -ne 0 ]] || grep -Eq "$diagnostic_pattern" <<<"$build_output"; then
    status="FAILED"
    echo "--- bicep $build_command $template (exit $build_rc)"
    echo "$build_output"
  fi
  if [[ $lint_rc -ne 0 ]] || grep -Eq "$diagnostic_pattern" <<<"$lint_output"; then
    status="FAILED"
    echo "--- bicep lint $template (exit $lint_rc)"
    echo "$lint_output"
  fi
  if [[ "$status" != "ok" ]]; then
    failures=$((failures + 1))
  fi
  echo "infra/check.sh: $template: build+lint $status"
done

if [[ $failures -ne 0 ]]; then
  echo "infra/check.sh: $failures of ${#templates[@]} template(s) have errors or warnings" >&2
  rm -f "$out_dir/main.json"
  exit 1
fi
echo "infra/check.sh: ${#templates[@]} template(s) built and linted with no warnings; ARM JSON in infra/out/"
