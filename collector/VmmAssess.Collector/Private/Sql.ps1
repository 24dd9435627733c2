# Read-only queries against the SQL Server instance that holds the VMM database.
# Uses System.Data.SqlClient (in .NET Framework for Windows PowerShell 5.1, shipped with PowerShell 7) with
# Windows integrated authentication of the account running the collector. SELECT statements only.

function New-VmmSqlConnectionString {
    <#
    .SYNOPSIS
        Connection string for the VMM database server: Windows authentication of the account running the collector.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $ServerInstance, [string] $Database = 'master')
    $builder = New-Object System.Data.SqlClient.SqlConnectionStringBuilder
    $builder['Data Source'] = $ServerInstance
    $builder['Initial Catalog'] = $Database
    $builder['Integrated Security'] = $true
    $builder['Application Name'] = 'VmmAssess.Collector'
    $builder['Connect Timeout'] = 15
    # An availability group listener or a failover cluster instance may have addresses in several subnets; without
    # this the client tries them one after the other and times out.
    $builder['MultiSubnetFailover'] = $true
    return $builder.ConnectionString
}

function Invoke-VmmSqlQuery {
    <#
    .SYNOPSIS
        Runs one parameterized SELECT and returns its rows as PSCustomObjects (DBNull becomes $null).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $ServerInstance,
        [string] $Database = 'master',
        [Parameter(Mandatory = $true)] [string] $Query,
        [hashtable] $Parameters = @{},
        [int] $TimeoutSeconds = 30
    )
    $connection = New-Object System.Data.SqlClient.SqlConnection((New-VmmSqlConnectionString -ServerInstance $ServerInstance -Database $Database))
    try {
        $connection.Open()
        $command = $connection.CreateCommand()
        $command.CommandText = $Query
        $command.CommandTimeout = $TimeoutSeconds
        foreach ($key in $Parameters.Keys) {
            $value = $Parameters[$key]
            if ($null -eq $value) { $value = [System.DBNull]::Value }
            $null = $command.Parameters.AddWithValue('@' + $key, $value)
        }
        $reader = $command.ExecuteReader()
        $rows = New-Object System.Collections.Generic.List[object]
        try {
            while ($reader.Read()) {
                $row = [ordered]@{}
                for ($i = 0; $i -lt $reader.FieldCount; $i++) {
                    $value = $reader.GetValue($i)
                    if ($value -is [System.DBNull]) { $value = $null }
                    $row[$reader.GetName($i)] = $value
                }
                $rows.Add([pscustomobject]$row)
            }
        }
        finally {
            $reader.Dispose()
        }
        return $rows.ToArray()
    }
    finally {
        $connection.Dispose()
    }
}

$script:SqlQueries = @{
    # SERVERPROPERTY: https://learn.microsoft.com/sql/t-sql/functions/serverproperty-transact-sql
    ServerProperties = @'
SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS ProductVersion,
       CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS Edition,
       CAST(SERVERPROPERTY('IsClustered') AS int) AS IsClustered,
       CAST(SERVERPROPERTY('IsHadrEnabled') AS int) AS IsHadrEnabled,
       CAST(SERVERPROPERTY('MachineName') AS nvarchar(128)) AS MachineName,
       CAST(SERVERPROPERTY('InstanceName') AS nvarchar(128)) AS InstanceName,
       DATEDIFF(minute, GETUTCDATE(), GETDATE()) AS UtcOffsetMinutes
'@
    # sys.databases.group_database_id is non-NULL for a database in an availability group (SQL Server 2012+);
    # sys.availability_databases_cluster / sys.availability_groups name the group.
    AvailabilityGroup = @'
SELECT d.name AS DatabaseName,
       d.group_database_id AS GroupDatabaseId,
       ag.name AS AvailabilityGroupName
FROM sys.databases AS d
LEFT JOIN sys.availability_databases_cluster AS adc ON adc.group_database_id = d.group_database_id
LEFT JOIN sys.availability_groups AS ag ON ag.group_id = adc.group_id
WHERE d.name = @databaseName
'@
    # sys.dm_hadr_cluster (SQL Server 2014+, VIEW SERVER STATE): the WSFC cluster of an Always On instance.
    HadrCluster = @'
SELECT cluster_name AS ClusterName FROM sys.dm_hadr_cluster
'@
    # msdb.dbo.backupset: type 'D' = full database backup; backup_finish_date is in server local time, time_zone is
    # that backup's offset from UTC in 15-minute intervals (127 = unknown). No row = no full backup recorded.
    LastFullBackup = @'
SELECT TOP (1) backup_finish_date AS BackupFinishDate, time_zone AS TimeZone
FROM msdb.dbo.backupset
WHERE database_name = @databaseName AND type = 'D'
ORDER BY backup_finish_date DESC
'@
}

function Get-CollectorDatabaseFacts {
    <#
    .SYNOPSIS
        Collects the contract's database part and the VMM database's last full backup time.
    .OUTPUTS
        [pscustomobject] @{ database = <contract object>; lastDatabaseBackup = <ISO string or $null>;
        databaseFullBackupRecorded = $true / $false (msdb read, no full backup) / $null (not read) }
    #>
    [CmdletBinding()]
    param(
        [AllowNull()] [string] $Server,
        [AllowNull()] [string] $Instance,
        [AllowNull()] [string] $DatabaseName,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList
    )
    $result = [pscustomobject][ordered]@{ database = $null; lastDatabaseBackup = $null; databaseFullBackupRecorded = $null }
    if (-not $Server) { return $result }
    $instanceName = $null
    if ($Instance) { $instanceName = $Instance.Trim() }
    if ($Server.Contains('\')) {
        # Some deployments report "server\instance" as the server name.
        $parts = $Server.Split([char]'\', 2)
        $Server = $parts[0]
        if (-not $instanceName) { $instanceName = $parts[1] }
    }
    # VMM reports a default instance as the SQL Server computer's name (real VMM objects show
    # DatabaseInstanceName = SCVMM1 for DatabaseServerName = SCVMM1.contoso.com), not as MSSQLSERVER; connecting to
    # server\SCVMM1 would look for a named instance that does not exist.
    if ($instanceName -and (Get-CollectorShortName $instanceName) -eq (Get-CollectorShortName $Server)) {
        Add-CollectorTrace -Source 'vmm:Get-SCVMMServer' -Target $Server -Item 'DatabaseInstanceName' -RawValue $instanceName -Interpretation 'the SQL Server computer name: default instance MSSQLSERVER'
        $instanceName = 'MSSQLSERVER'
    }
    $serverInstance = $Server
    if ($instanceName -and $instanceName -ine 'MSSQLSERVER') { $serverInstance = $Server + '\' + $instanceName }
    if (-not $instanceName) { $instanceName = 'MSSQLSERVER' }

    $database = [ordered]@{
        server              = $Server
        instance            = $instanceName
        version             = $null
        edition             = $null
        highAvailability    = $null
        clusterName         = $null
        inAvailabilityGroup = $null
    }

    $properties = Invoke-CollectorStep -ErrorList $ErrorList -Source 'sql:serverproperty' -Target $serverInstance -ScriptBlock {
        Invoke-VmmSqlQuery -ServerInstance $serverInstance -Query $script:SqlQueries.ServerProperties | Select-Object -First 1
    }
    $major = $null
    $offset = $null
    if ($null -ne $properties) {
        $productVersion = ConvertTo-CollectorVersion (Get-CollectorPropertyValue $properties 'ProductVersion')
        if ($null -ne $productVersion) {
            $database.version = $productVersion.ToString()
            $major = $productVersion.Major
        }
        $edition = Get-CollectorPropertyValue $properties 'Edition'
        if ($null -ne $edition) { $database.edition = [string]$edition }
        # SERVERPROPERTY('InstanceName') is NULL for the default instance: what the server says wins over VMM.
        $connectedInstance = Get-CollectorPropertyValue $properties 'InstanceName'
        if ($null -eq $connectedInstance) { $connectedInstance = 'MSSQLSERVER' }
        Add-CollectorTrace -Source 'sql:serverproperty' -Target $serverInstance -Item "SERVERPROPERTY('InstanceName')" -RawValue (Get-CollectorPropertyValue $properties 'InstanceName') -Interpretation ('database.instance = ' + $connectedInstance)
        $database.instance = [string]$connectedInstance
        $offset = Get-CollectorPropertyValue $properties 'UtcOffsetMinutes'
        $isClustered = ConvertTo-CollectorBool (Get-CollectorPropertyValue $properties 'IsClustered')
        $isHadrEnabled = ConvertTo-CollectorBool (Get-CollectorPropertyValue $properties 'IsHadrEnabled')
        Add-CollectorTrace -Source 'sql:serverproperty' -Target $serverInstance -Item 'ProductVersion, Edition, IsClustered, IsHadrEnabled, MachineName' -RawValue ('{0}, {1}, {2}, {3}, {4}' -f (Get-CollectorPropertyValue $properties 'ProductVersion'), $edition, (Get-CollectorPropertyValue $properties 'IsClustered'), (Get-CollectorPropertyValue $properties 'IsHadrEnabled'), (Get-CollectorPropertyValue $properties 'MachineName')) -Interpretation ('database.version = {0}, edition = {1}' -f $database.version, $database.edition)

        if ($DatabaseName -and $null -ne $major -and $major -ge 11) {
            $agRow = Invoke-CollectorStep -ErrorList $ErrorList -Source 'sql:availability-group' -Target $serverInstance -ScriptBlock {
                Invoke-VmmSqlQuery -ServerInstance $serverInstance -Query $script:SqlQueries.AvailabilityGroup -Parameters @{ databaseName = $DatabaseName } |
                    Select-Object -First 1
            }
            if ($null -ne $agRow) {
                $database.inAvailabilityGroup = ($null -ne (Get-CollectorPropertyValue $agRow 'GroupDatabaseId'))
            }
            elseif (@($ErrorList | Where-Object { $_.source -eq 'sql:availability-group' -and $_.target -eq $serverInstance }).Count -eq 0) {
                Add-CollectionError -ErrorList $ErrorList -Source 'sql:availability-group' -Target $serverInstance -Message "Database '$DatabaseName' was not found in sys.databases."
            }
        }
        elseif ($null -ne $major -and $major -lt 11) {
            # Availability groups exist from SQL Server 2012 (11.x) on.
            $database.inAvailabilityGroup = $false
        }

        # sys.dm_hadr_cluster exists from SQL Server 2012 for Always On; from 2014 it also answers for failover
        # cluster instances.
        if ($null -ne $major -and (($isHadrEnabled -eq $true -and $major -ge 11) -or ($isClustered -eq $true -and $major -ge 12))) {
            $clusterRow = Invoke-CollectorStep -ErrorList $ErrorList -Source 'sql:hadr-cluster' -Target $serverInstance -ScriptBlock {
                Invoke-VmmSqlQuery -ServerInstance $serverInstance -Query $script:SqlQueries.HadrCluster | Select-Object -First 1
            }
            $clusterName = Get-CollectorPropertyValue $clusterRow 'ClusterName'
            if ($null -ne $clusterName) { $database.clusterName = [string]$clusterName }
        }

        if ($database.inAvailabilityGroup -eq $true) { $database.highAvailability = 'AlwaysOn' }
        elseif ($isClustered -eq $true) { $database.highAvailability = 'FailoverCluster' }
        elseif ($isClustered -eq $false -and $null -ne $database.inAvailabilityGroup) { $database.highAvailability = 'None' }
    }

    if ($DatabaseName) {
        $backupRows = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'sql:msdb-backupset' -Target $serverInstance -ScriptBlock {
            Invoke-VmmSqlQuery -ServerInstance $serverInstance -Database 'msdb' -Query $script:SqlQueries.LastFullBackup -Parameters @{ databaseName = $DatabaseName }
        }
        $finished = $null
        if ($null -ne $backupRows -and $backupRows.Count -gt 0) { $finished = Get-CollectorPropertyValue $backupRows[0] 'BackupFinishDate' }
        if ($null -ne $finished) {
            $timeZone = ConvertTo-CollectorInt (Get-CollectorPropertyValue $backupRows[0] 'TimeZone')
            $backupOffset = $offset
            if ($null -ne $timeZone -and $timeZone -ne 127 -and [Math]::Abs($timeZone) -le 56) { $backupOffset = $timeZone * 15 }
            $result.lastDatabaseBackup = ConvertTo-IsoTimestamp $finished -UtcOffsetMinutes $backupOffset
            $result.databaseFullBackupRecorded = $true
            Add-CollectorTrace -Source 'sql:msdb-backupset' -Target $serverInstance -Item 'backup_finish_date, time_zone' -RawValue ('{0}, {1}' -f $finished, $timeZone) -Interpretation ('vmm.lastDatabaseBackup = ' + $result.lastDatabaseBackup)
        }
        elseif ($null -ne $backupRows) {
            # Distinct from "could not read": the query ran and msdb has no full backup of the database.
            $result.databaseFullBackupRecorded = $false
            Add-CollectionError -ErrorList $ErrorList -Source 'sql:msdb-backupset' -Target $serverInstance -Message ("No full backup (type D) of database '{0}' is recorded in msdb.dbo.backupset: the database has never had a full backup on this instance, or its backup history was deleted." -f $DatabaseName)
        }
    }

    $result.database = [pscustomobject]$database
    return $result
}
