# VmmAssess.Collector: root module.
# Loads the private helpers first, then one file per public function, and exports the public ones.
# Keep this module compatible with Windows PowerShell 5.1 (tests/collector/Compatibility.Tests.ps1 enforces it).

Set-StrictMode -Version 2.0

# System.Net.Http is part of .NET on PowerShell 7 but has to be loaded on Windows PowerShell 5.1.
try { Add-Type -AssemblyName System.Net.Http -ErrorAction Stop } catch { Write-Verbose "System.Net.Http: $($_.Exception.Message)" }

$privateFiles = @(Get-ChildItem -Path (Join-Path $PSScriptRoot 'Private') -Filter '*.ps1' -File | Sort-Object Name)
$publicFiles = @(Get-ChildItem -Path (Join-Path $PSScriptRoot 'Public') -Filter '*.ps1' -File | Sort-Object Name)

foreach ($file in @($privateFiles + $publicFiles)) {
    . $file.FullName
}

$script:CollectorName = 'VmmAssess.Collector'
$script:CollectorVersion = $null
$manifestPath = Join-Path $PSScriptRoot 'VmmAssess.Collector.psd1'
if (Test-Path -LiteralPath $manifestPath) {
    $script:CollectorVersion = [string](Import-PowerShellDataFile -Path $manifestPath).ModuleVersion
}

Export-ModuleMember -Function @($publicFiles | ForEach-Object { $_.BaseName })
