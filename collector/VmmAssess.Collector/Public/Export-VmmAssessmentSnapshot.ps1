function Export-VmmAssessmentSnapshot {
    <#
    .SYNOPSIS
        Writes a VmmAssess snapshot to a JSON file, for air-gapped sites.

    .DESCRIPTION
        Writes the snapshot as UTF-8 JSON without a byte order mark (ConvertTo-Json -Depth 20). The file can be assessed offline with the VmmAssess command line (vmmassess assess <file>) and uploaded later with Send-VmmAssessmentSnapshot (Get-Content <file> -Raw | Send-VmmAssessmentSnapshot ...). Existing files are not overwritten unless -Force is given.

    .PARAMETER Snapshot
        The snapshot from Get-VmmAssessmentSnapshot (or its JSON text).

    .PARAMETER Path
        File to write. A directory gets a file named <tenantId>-<environmentId>-<snapshotId>.json.

    .PARAMETER Force
        Overwrite an existing file.

    .EXAMPLE
        PS C:\> Get-VmmAssessmentSnapshot -VMMServer vmm01 -TenantId contoso -EnvironmentId prod -TargetVersion 2019 |
            Export-VmmAssessmentSnapshot -Path D:\transfer\contoso-prod.json

        Collects the inventory and saves it for transfer out of an isolated network.

    .EXAMPLE
        PS C:\> Export-VmmAssessmentSnapshot -Snapshot $snapshot -Path D:\transfer\
        PS C:\> dotnet run --project src/VmmAssess.Cli -- assess D:\transfer\ --format html --output report.html

        Saves the snapshot into a folder (the file name is derived from the snapshot) and assesses the folder with the VmmAssess command line.

    .OUTPUTS
        System.IO.FileInfo - the file written.

    .LINK
        Send-VmmAssessmentSnapshot

    .LINK
        Get-VmmAssessmentSnapshot
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, Position = 0)]
        [ValidateNotNull()]
        [object] $Snapshot,

        [Parameter(Mandatory = $true, Position = 1)]
        [ValidateNotNullOrEmpty()]
        [string] $Path,

        [switch] $Force
    )
    process {
        $identity = Get-SnapshotIdentity -Snapshot $Snapshot
        $json = ConvertTo-SnapshotJson -Snapshot $Snapshot
        $fileName = '{0}-{1}-{2}.json' -f $identity.TenantId, $identity.EnvironmentId, $identity.SnapshotId
        $fullPath = Resolve-CollectorOutputPath -Path $Path -FileName $fileName -SessionState $PSCmdlet.SessionState
        if ([System.IO.File]::Exists($fullPath) -and -not $Force) {
            throw "The file '$fullPath' exists. Use -Force to overwrite it."
        }
        if ($PSCmdlet.ShouldProcess($fullPath, 'Write VmmAssess snapshot')) {
            $directory = [System.IO.Path]::GetDirectoryName($fullPath)
            if ($directory -and -not [System.IO.Directory]::Exists($directory)) {
                $null = [System.IO.Directory]::CreateDirectory($directory)
            }
            [System.IO.File]::WriteAllText($fullPath, $json, (New-Object System.Text.UTF8Encoding($false)))
            Write-Verbose "Snapshot $($identity.SnapshotId) written to $fullPath."
            return (Get-Item -LiteralPath $fullPath)
        }
    }
}
