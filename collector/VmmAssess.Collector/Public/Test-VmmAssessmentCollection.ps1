function Test-VmmAssessmentCollection {
    <#
    .SYNOPSIS
        Self-check for the field: runs the collection read-only and shows every raw value the collector relies on next to what it made of it, and writes them to a file to attach to a support request.

    .DESCRIPTION
        Runs Get-VmmAssessmentSnapshot against the VMM server (read-only, like every collection) and records, for each value the collector reads, where it came from (source and target), the raw value with its .NET type, and what the collector made of it. Many of those values are not documented by Microsoft (for example DatabaseInstanceName, VMMServiceAccount, IsClusterNode, OperatingSystemVersion of an ESX host), so this is how to see whether a new VMM version still reports them the way the collector expects.

        Returns one row per value (source, target, item, rawValue, interpretation) and writes a JSON file with those rows, the collection errors, the snapshot itself, and the versions of the collector, PowerShell and the operating system that ran it. Send that file with a support request. It holds the same inventory as a snapshot (server and host names, versions, account names) and no passwords or keys.

        Run it on the first customer of each VMM version (2012 R2, 2016, 2019, 2022, 2025) and whenever an assessment looks wrong. What to look for is described in docs/collector.md, "Self-check".

    .PARAMETER VMMServer
        Name of the VMM management server (for a highly available VMM, its cluster role name).

    .PARAMETER Credential
        Credential for the VMM connection, CIM and WS-Management, as for Get-VmmAssessmentSnapshot.

    .PARAMETER Path
        File to write. A folder (existing, or ending with a path separator) gets a file named vmmassess-selfcheck-<server>-<yyyyMMdd-HHmmss>.json. Default: that file name in the current folder.

    .PARAMETER Force
        Overwrite an existing file.

    .EXAMPLE
        PS C:\> Test-VmmAssessmentCollection -VMMServer vmm01.contoso.com | Format-Table source, target, item, rawValue, interpretation -Wrap

        Shows every raw value next to what the collector made of it and writes vmmassess-selfcheck-vmm01.contoso.com-<date>.json in the current folder.

    .EXAMPLE
        PS C:\> Test-VmmAssessmentCollection -VMMServer vmm01 -Path C:\Support\ | Where-Object source -like 'sql:*'

        Writes the file into C:\Support and shows only the SQL Server values.

    .OUTPUTS
        System.Management.Automation.PSCustomObject - one row per value: source, target, item, rawValue, interpretation.

    .LINK
        Get-VmmAssessmentSnapshot
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string] $VMMServer,

        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential,

        [ValidateNotNullOrEmpty()]
        [string] $Path,

        [switch] $Force
    )

    $fileName = 'vmmassess-selfcheck-{0}-{1}.json' -f ($VMMServer -replace '[^A-Za-z0-9._-]', '_'), [DateTime]::Now.ToString('yyyyMMdd-HHmmss', [System.Globalization.CultureInfo]::InvariantCulture)
    if (-not $Path) { $Path = $fileName }
    $fullPath = Resolve-CollectorOutputPath -Path $Path -FileName $fileName -SessionState $PSCmdlet.SessionState
    if ([System.IO.File]::Exists($fullPath) -and -not $Force) {
        throw "The file '$fullPath' exists. Use -Force to overwrite it."
    }

    $parameters = @{ VMMServer = $VMMServer; TenantId = 'self-check'; EnvironmentId = 'self-check'; TargetVersion = '2025'; WarningAction = 'SilentlyContinue' }
    if ($PSBoundParameters.ContainsKey('Credential')) { $parameters['Credential'] = $Credential }
    $script:CollectorTrace = New-Object System.Collections.Generic.List[object]
    try {
        $snapshot = Get-VmmAssessmentSnapshot @parameters
        $values = $script:CollectorTrace.ToArray()
    }
    finally {
        $script:CollectorTrace = $null
    }

    $operatingSystem = $null
    try { $operatingSystem = [System.Environment]::OSVersion.VersionString } catch { $operatingSystem = $null }
    $report = [pscustomobject][ordered]@{
        selfCheck        = 'VmmAssess.Collector self-check'
        checkedAt        = (ConvertTo-IsoTimestamp ([System.DateTimeOffset]::Now))
        vmmServer        = $VMMServer
        collectorVersion = $script:CollectorVersion
        powerShell       = ('{0} {1}' -f $PSVersionTable.PSEdition, $PSVersionTable.PSVersion)
        operatingSystem  = $operatingSystem
        values           = $values
        collectionErrors = $snapshot.collectionErrors
        snapshot         = $snapshot
    }
    $json = ConvertTo-SnapshotJson -Snapshot $report
    $directory = [System.IO.Path]::GetDirectoryName($fullPath)
    if ($directory -and -not [System.IO.Directory]::Exists($directory)) { $null = [System.IO.Directory]::CreateDirectory($directory) }
    [System.IO.File]::WriteAllText($fullPath, $json, (New-Object System.Text.UTF8Encoding($false)))
    Write-Verbose ('{0} values and {1} collection error(s) written to {2}.' -f $values.Count, @($snapshot.collectionErrors).Count, $fullPath)
    # Shown by default so the engineer sees where the file is; -InformationAction SilentlyContinue hides it.
    $message = "Self-check written to $fullPath - attach it to a support request."
    if ($PSBoundParameters.ContainsKey('InformationAction')) { Write-Information -MessageData $message }
    else { Write-Information -MessageData $message -InformationAction Continue }
    foreach ($value in $values) { $value }
}
