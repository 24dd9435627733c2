#!/usr/bin/env bash
# CI smoke run of the evaluation benchmark (issues 7 and 17): builds the benchmarks in Release, checks that the RulesEngine
# baseline still reaches our rules' verdicts (a warning only: a rule change must be mirrored in
# bench/VmmAssess.Benchmarks/Evaluation/RulesEngineSeedRules.cs), then runs the short mode once (in-process, one
# warm-up and three iterations per case; well under two minutes on two shared cores) and writes its means to
# artifacts/bench/summary.json (end to end against the floor, seed rules against RulesEngine; see docs/performance.md).
# Exits non-zero if the benchmarks do not build or a benchmark fails.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/VmmAssess.Benchmarks -c Release --nologo -v quiet
dotnet run -c Release --no-build --project bench/VmmAssess.Benchmarks -- --verify \
  || echo "WARNING: the RulesEngine baseline no longer matches the seed rules; update RulesEngineSeedRules.cs"
dotnet run -c Release --no-build --project bench/VmmAssess.Benchmarks -- --short --summary artifacts/bench/summary.json
