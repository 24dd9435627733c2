#!/usr/bin/env bash
# The one command that runs every test suite on a fresh clone with only the .NET SDK and Node.js installed.
# It provisions what the suites need by itself: Azurite (npm), PowerShell 7 (dotnet tool) and Pester (NuGet),
# the Bicep CLI (NuGet). Results land in artifacts/test-results; the last line is "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
step() { printf '\n== %s\n' "$*"; }

step "Restoring tools: Azurite (npm), PowerShell (dotnet tool)"
npm ci --no-audit --no-fund --loglevel=error || status=1
dotnet tool restore || status=1

step "Infrastructure: bicep build + lint"
if [ -f infra/check.sh ]; then
  bash infra/check.sh || status=1
fi

step "OpenAPI document: spectral + redocly lint (0 errors, 0 warnings)"
node scripts/lint-openapi.mjs "$results/openapi-lint.xml" || status=1

step ".NET test suites"
dotnet test VmmAssessFunctions.sln --nologo --logger "trx" --results-directory "$results/dotnet" || status=1

step "Collector (Pester)"
if [ -f tests/collector/Invoke-CollectorTests.ps1 ]; then
  dotnet restore tests/collector/pester.proj --nologo -v q || status=1
  dotnet pwsh -NoProfile -NonInteractive -File tests/collector/Invoke-CollectorTests.ps1 -ResultPath "$results/collector.xml" || status=1
fi

step "CLI: HTML report in headless Chromium (overflow, axe-core, print to PDF)"
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./tests/html-report/junit-reporter.mjs --test-reporter-destination="$results/html-report.xml" \
  tests/html-report/html-report.test.mjs || status=1

step "Dashboard in headless Chromium against scripts/local.sh --demo (totals, filters, drill-down, keyboard, axe-core, tenant reader)"
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./tests/html-report/junit-reporter.mjs --test-reporter-destination="$results/dashboard.xml" \
  tests/dashboard/dashboard.test.mjs || status=1

step "CLI: tool package and single-file build (scripts/verify-cli-package.sh)"
bash scripts/verify-cli-package.sh "$results/cli-package.xml" || status=1

step "Summary"
mapfile -t files < <(find "$results" -type f \( -name '*.trx' -o -name '*.xml' \) | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no test results were written" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
node scripts/count-results.mjs "${files[@]}" || status=1
exit $status
