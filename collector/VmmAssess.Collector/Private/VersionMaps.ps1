# Version data: VMM build numbers -> product and update rollup, Windows version normalization.
# Data, not if-chains: adding a release is adding a row.

# VMM release builds. Sources:
# - 2016, 1801, 1807, 2019, 2022, 2025: Microsoft, "System Center - Virtual Machine Manager build versions"
#   https://learn.microsoft.com/system-center/vmm/release-build-versions (MicrosoftDocs/SystemCenterDocs,
#   SystemCenterDocs/vmm/release-build-versions.md, ms.date 04/16/2025; the 1801/1807 rows are from the
#   02/15/2023 revision of the same page).
# - 2012 R2: Microsoft's support article "Determine the version and update rollup of VMM" (KB 2627355,
#   MicrosoftDocs/SupportArticles-docs support/system-center/vmm/determine-version-update-rollups.md) lists RTM to
#   UR11 (3.2.7620.0 ... 3.2.8224.0), which the rows below match. The UR11 hotfix (3.2.8228.0) and UR12 (3.2.8292.0)
#   rows come from the update rollup KB articles as collected by Ivo Beerens (ivobeerens.nl, updated through UR12);
#   Microsoft publishes no table for them. Builds newer than the last row of a product report that row's rollup
#   (rollups are cumulative, so it is a lower bound).
# UpdateRollup 0 = RTM / general availability. Hotfix builds map to the rollup they fix.
$script:VmmBuildTable = @(
    # product, build, update rollup
    @('2012R2', '3.2.7510.0', 0),
    @('2012R2', '3.2.7620.0', 1),
    @('2012R2', '3.2.7634.0', 2),
    @('2012R2', '3.2.7672.0', 3),
    @('2012R2', '3.2.7768.0', 4),
    @('2012R2', '3.2.7895.0', 5),
    @('2012R2', '3.2.8002.0', 6),
    @('2012R2', '3.2.8071.0', 7),
    @('2012R2', '3.2.8117.0', 8),
    @('2012R2', '3.2.8145.0', 9),
    @('2012R2', '3.2.8169.0', 10),
    @('2012R2', '3.2.8224.0', 11),
    @('2012R2', '3.2.8228.0', 11),
    @('2012R2', '3.2.8292.0', 12),
    @('2016', '4.0.1662.0', 0),
    @('2016', '4.0.1968.0', 1),
    @('2016', '4.0.1968.10', 1),
    @('2016', '4.0.2043.0', 2),
    @('2016', '4.0.2051.0', 2),
    @('2016', '4.0.2051.1', 2),
    @('2016', '4.0.2139.0', 3),
    @('2016', '4.0.2244.0', 4),
    @('2016', '4.0.2314.0', 5),
    @('2016', '4.0.2314.4', 5),
    @('2016', '4.0.2413.0', 6),
    @('2016', '4.0.2548.0', 7),
    @('2016', '4.0.2589.0', 8),
    @('2016', '4.0.2711.0', 9),
    @('2016', '4.0.2775.0', 10),
    @('1801', '4.1.3223.0', $null),
    @('1807', '4.1.3403.0', $null),
    @('2019', '10.19.1013.0', 0),
    @('2019', '10.19.2292.0', 1),
    @('2019', '10.19.2445.0', 2),
    @('2019', '10.19.2591.0', 3),
    @('2019', '10.19.2648.0', 4),
    @('2019', '10.19.2729.0', 5),
    @('2019', '10.19.2883.0', 6),
    @('2022', '10.22.1287.0', 0),
    @('2022', '10.22.1508.0', 1),
    @('2022', '10.22.1711.0', 2),
    @('2022', '10.22.2112.0', 3),
    @('2025', '10.25.1200.0', 0)
)

# Which major.minor version line belongs to which product table (1801 and 1807 share 4.1).
$script:VmmVersionLines = @{
    '3.2'   = @('2012R2')
    '4.0'   = @('2016')
    '4.1'   = @('1801', '1807')
    '10.19' = @('2019')
    '10.22' = @('2022')
    '10.25' = @('2025')
}

function ConvertTo-CollectorVersion {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [object] $Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [version]) { return $Value }
    $match = [regex]::Match([string]$Value, '\d+(\.\d+){1,3}')
    if (-not $match.Success) { return $null }
    $parsed = $null
    if ([version]::TryParse($match.Value, [ref]$parsed)) { return $parsed }
    return $null
}

function ConvertTo-VmmProductInfo {
    <#
    .SYNOPSIS
        Maps a VMM server ProductVersion (e.g. "10.19.2445.0") to the contract's product and update rollup.
    .OUTPUTS
        [pscustomobject] @{ product; updateRollup; build } - product and updateRollup are $null when unknown.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [object] $ProductVersion)
    $result = [pscustomobject][ordered]@{ product = $null; updateRollup = $null; build = $null }
    $version = ConvertTo-CollectorVersion $ProductVersion
    if ($null -eq $version) { return $result }
    $result.build = $version.ToString()
    $line = '{0}.{1}' -f $version.Major, $version.Minor
    if (-not $script:VmmVersionLines.ContainsKey($line)) { return $result }
    $products = $script:VmmVersionLines[$line]
    $best = $null
    foreach ($row in $script:VmmBuildTable) {
        if ($products -notcontains $row[0]) { continue }
        $rowVersion = [version]$row[1]
        if ($rowVersion -le $version) {
            if ($null -eq $best -or $rowVersion -ge [version]$best[1]) { $best = $row }
        }
    }
    if ($null -eq $best) { return $result }
    $result.product = $best[0]
    $result.updateRollup = $best[2]
    return $result
}

function ConvertTo-WindowsBuild {
    <#
    .SYNOPSIS
        Normalizes a Windows version to the contract's "major.minor.build" form, e.g. "10.0.17763".
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [object] $Version, [AllowNull()] [object] $BuildNumber)
    $parsed = ConvertTo-CollectorVersion $Version
    if ($null -eq $parsed) { return $null }
    $build = $parsed.Build
    $fromNumber = ConvertTo-CollectorInt $BuildNumber
    if ($build -lt 0 -and $null -ne $fromNumber) { $build = $fromNumber }
    if ($build -lt 0) { return $null }
    return ('{0}.{1}.{2}' -f $parsed.Major, $parsed.Minor, $build)
}

function ConvertTo-ProductVersionText {
    <#
    .SYNOPSIS
        Extracts "major.minor[.patch]" from a product version string such as "6.0.0" or "VMware ESXi 6.7.0 build-8169922".
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [object] $Value)
    if ($null -eq $Value) { return $null }
    $match = [regex]::Match([string]$Value, '\d+\.\d+(\.\d+)?')
    if (-not $match.Success) { return $null }
    return $match.Value
}

function ConvertTo-InstallationType {
    <#
    .SYNOPSIS
        Maps the registry value HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\InstallationType to the contract.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [string] $Value)
    if (-not $Value) { return $null }
    switch -Regex ($Value.Trim()) {
        '^Server Core$' { return 'Server Core' }
        '^Server$' { return 'Server' }
        default { return $null }
    }
}

function ConvertTo-HostPlatform {
    <#
    .SYNOPSIS
        Maps a VMM host's VirtualizationPlatform (HyperV, VMWareESX, XENServer, ...) to the contract's platform.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [object] $Value)
    if ($null -eq $Value) { return $null }
    $text = ([string]$Value) -replace '[\s_-]', ''
    if ($text -match '^hyperv') { return 'HyperV' }
    if ($text -match 'vmware|esx') { return 'VMwareESX' }
    if ($text -match 'xen') { return 'XenServer' }
    return $null
}
