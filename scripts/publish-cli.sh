#!/usr/bin/env bash
# Builds what a field engineer installs, into artifacts/cli/:
#   package/VmmAssess.Cli.<version>.nupkg   the .NET tool (needs the .NET 10 runtime: `dotnet tool install`)
#   <rid>/vmmassess[.exe]                    a self-contained single file per platform (needs nothing installed)
# Usage: bash scripts/publish-cli.sh [rid ...]     default rids: win-x64 linux-x64; `none` builds only the package.
# Needs the .NET 10 SDK and the NuGet feed (runtime packs for each rid); the build output is kept apart from the
# developers' bin/obj folders (artifacts/cli/build).
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/cli
rids=("$@")
[ ${#rids[@]} -eq 0 ] && rids=(win-x64 linux-x64)

rm -rf "$out"
mkdir -p "$out"
project=src/VmmAssess.Cli/VmmAssess.Cli.csproj

echo "== Tool package"
dotnet pack "$project" -c Release --nologo -v q --artifacts-path "$out/build" -o "$out/package"

for rid in "${rids[@]}"; do
  [ "$rid" = none ] && continue
  echo "== Single-file executable: $rid"
  # Self-contained (the runtime inside), one file, globalization-invariant (Directory.Build.props) and trimmed: about
  # 17 MB instead of 70. Trim warnings are errors (TreatWarningsAsErrors), so this build also keeps the Core trim-safe.
  dotnet publish "$project" -c Release -r "$rid" --self-contained --nologo -v q \
    -p:PublishSingleFile=true -p:PublishTrimmed=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
    --artifacts-path "$out/build" -o "$out/$rid"
done

rm -rf "$out/build"
echo
find "$out" -maxdepth 2 -type f \( -name '*.nupkg' -o -name 'vmmassess' -o -name 'vmmassess.exe' \) -exec ls -l {} \;
