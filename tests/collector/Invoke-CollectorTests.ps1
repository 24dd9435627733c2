<#
.SYNOPSIS
    Runs the VmmAssess.Collector Pester suite and writes an NUnit XML report.
.DESCRIPTION
    Uses the Pester version that tests/collector/pester.proj downloads from NuGet
    (dotnet restore tests/collector/pester.proj), so a machine with only the .NET SDK can run the suite:

        dotnet tool restore
        dotnet restore tests/collector/pester.proj
        dotnet pwsh -NoProfile -File tests/collector/Invoke-CollectorTests.ps1 -ResultPath TestResults/collector.xml

    Writes NUnit 2.5 XML (root element test-results with total/errors/failures/not-run/skipped attributes and one
    test-case element per test) to ResultPath, prints Pester's summary and a line "Collector: N passed, N failed",
    and exits with 1 when a test failed or the run broke, else 0.
.PARAMETER ResultPath
    File that receives the NUnit XML report.
.PARAMETER Output
    Pester output verbosity: None, Normal, Detailed, Diagnostic. Default Normal.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ResultPath,
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')] [string] $Output = 'Normal'
)
$ErrorActionPreference = 'Stop'
$pesterVersion = '5.7.1'

function Get-NuGetPackagesFolder {
    $assets = Join-Path $PSScriptRoot 'obj/project.assets.json'
    if (Test-Path -LiteralPath $assets) {
        $folders = (Get-Content -LiteralPath $assets -Raw | ConvertFrom-Json).packageFolders
        foreach ($folder in $folders.PSObject.Properties.Name) { if (Test-Path -LiteralPath $folder) { return $folder } }
    }
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    return (Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages')
}

$packages = Get-NuGetPackagesFolder
$pesterManifest = Join-Path $packages "pester/$pesterVersion/tools/Pester.psd1"
if (-not (Test-Path -LiteralPath $pesterManifest)) {
    Write-Error "Pester $pesterVersion not found at $pesterManifest. Run: dotnet restore tests/collector/pester.proj"
    exit 2
}
Get-Module Pester | Remove-Module -Force
Import-Module $pesterManifest -Force

$resultFile = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ResultPath)
$resultDirectory = Split-Path -Parent $resultFile
if ($resultDirectory -and -not (Test-Path -LiteralPath $resultDirectory)) { $null = New-Item -ItemType Directory -Path $resultDirectory }

$configuration = New-PesterConfiguration
$configuration.Run.Path = @($PSScriptRoot)
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = $Output
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $resultFile
$configuration.TestResult.TestSuiteName = 'VmmAssess.Collector'

$result = Invoke-Pester -Configuration $configuration
$failed = $result.FailedCount + $result.FailedContainersCount
Write-Host ("Pester {0} on PowerShell {1}: {2} passed, {3} failed, {4} skipped, {5} not run ({6:N1} s)" -f `
        $pesterVersion, $PSVersionTable.PSVersion, $result.PassedCount, $result.FailedCount, $result.SkippedCount, $result.NotRunCount, $result.Duration.TotalSeconds)
if ($result.FailedBlocksCount -gt 0 -or $result.FailedContainersCount -gt 0) {
    Write-Host ("{0} block(s) and {1} test file(s) failed outside of tests." -f $result.FailedBlocksCount, $result.FailedContainersCount)
}
Write-Host ("Collector: {0} passed, {1} failed" -f $result.PassedCount, $failed)
Write-Host "NUnit XML: $resultFile"
if ($failed -gt 0 -or $result.FailedBlocksCount -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
