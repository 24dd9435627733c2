function Get-VmmAssessmentSnapshot {
    <#
    .SYNOPSIS
        Inventories a System Center Virtual Machine Manager (VMM) deployment, read-only, and returns a VmmAssess snapshot (contract v1).

    .DESCRIPTION
        Connects to the VMM management server and reads everything the VmmAssess upgrade rules use. It never changes anything: it only calls Get-* cmdlets, reads CIM classes and registry values, reads the WinRM service configuration and runs SELECT statements.

        Every source that fails (access denied, cmdlet or module missing, host unreachable, SQL permission missing) leaves its part of the snapshot $null and adds an entry { source, target, message } to the snapshot's collectionErrors array; the function still returns a snapshot. Missing data makes the affected rules report Unknown in the assessment.

        Sources (Microsoft reference in brackets):
        - VMM server: Get-SCVMMServer ProductVersion, IsHighlyAvailable, ActiveVMMNode, FailoverVMMNodes, VMMServiceAccount, DatabaseServerName, DatabaseInstanceName, DatabaseName [https://learn.microsoft.com/powershell/module/virtualmachinemanager/get-scvmmserver]. ProductVersion maps to product and update rollup with the build table of [https://learn.microsoft.com/system-center/vmm/release-build-versions].
        - Hosts: Get-SCVMHost VirtualizationPlatform, HostCluster, VirtualizationManager, OperatingSystem [https://learn.microsoft.com/powershell/module/virtualmachinemanager/get-scvmhost].
        - vCenter servers: Get-SCVirtualizationManager Name, Version [https://learn.microsoft.com/powershell/module/virtualmachinemanager/get-scvirtualizationmanager].
        - Library servers: Get-SCLibraryServer IsVirtualClusterName, IsClusterNode (nodes of a clustered library are reported through the cluster's name) [https://learn.microsoft.com/powershell/module/virtualmachinemanager/get-sclibraryserver].
        - Load balancers: Get-SCLoadBalancer Manufacturer, Model [https://learn.microsoft.com/powershell/module/virtualmachinemanager/get-scloadbalancer].
        - Operations Manager and PRO: Get-SCOpsMgrConnection, Get-SCPROMonitorConfiguration -VMMServerScope [https://learn.microsoft.com/powershell/module/virtualmachinemanager/get-scopsmgrconnection].
        - Running jobs: Get-SCJob -Running [https://learn.microsoft.com/powershell/module/virtualmachinemanager/get-scjob].
        - Windows facts per management server, library server and Hyper-V host: CIM Win32_OperatingSystem Caption/Version, Win32_ComputerSystem PartOfDomain, registry (read through CIM StdRegProv) HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\InstallationType, pending-reboot markers, Uninstall entries for the Windows ADK and the Azure Site Recovery provider, the VMM service account from Win32_Service.StartName of SCVMMService (else VMMServiceAccount, else the VMM setup key's VmmServiceAccount) [https://learn.microsoft.com/windows/win32/cimwin32prov/win32-operatingsystem].
        - WinRM limits: Get-WSManInstance -ResourceURI winrm/config/Service, the same settings the WSMan: provider shows under WSMan:\<computer>\Service (MaxConcurrentOperationsPerUser, MaxConnections) [https://learn.microsoft.com/windows/win32/winrm/installation-and-configuration-for-windows-remote-management].
        - Highly available VMM: Get-Cluster, Get-ClusterNode (FailoverClusters module) [https://learn.microsoft.com/powershell/module/failoverclusters/get-cluster].
        - VMM database: SQL Server SERVERPROPERTY('ProductVersion' / 'Edition' / 'IsClustered' / 'IsHadrEnabled' / 'InstanceName') (VMM reports a default instance by the computer's name), sys.databases.group_database_id with sys.availability_databases_cluster, sys.dm_hadr_cluster, and msdb.dbo.backupset for the last full backup (with that backup's time_zone), through System.Data.SqlClient with Windows authentication of the account running the collector [https://learn.microsoft.com/sql/t-sql/functions/serverproperty-transact-sql].
        - Server App-V (VMM 2012 R2 only): Get-SCServiceTemplate -All, Get-SCComputerTierTemplate -ServiceTemplate and Get-SCApplicationDeployment -ApplicationProfile count the service templates that deploy a Server App-V package.

        Answers rather than discoveries (no documented cmdlet or value exposes them): -SpfInstalled, -AzureSubscriptionCount, and DKM on a standalone server (-DkmContainer or -NoDkm; a highly available VMM always uses DKM). Without them those parts stay null.

        Run it in Windows PowerShell 5.1 on the VMM management server or on a computer with the VMM console: Microsoft does not document the VirtualMachineManager module for PowerShell 7, so on PowerShell 7 it warns. Test-VmmAssessmentCollection shows every raw value next to what the collector made of it.

    .PARAMETER VMMServer
        Name of the VMM management server (for a highly available VMM, its cluster role name).

    .PARAMETER TenantId
        Tenant (MSP customer) identifier, 1-64 characters of A-Z a-z 0-9 . _ -

    .PARAMETER EnvironmentId
        Environment identifier within the tenant, 1-64 characters of A-Z a-z 0-9 . _ -

    .PARAMETER TargetVersion
        The VMM version the upgrade aims at: 2016, 2019, 2022 or 2025.

    .PARAMETER PlannedServiceAccount
        The account VMM setup will use as service account after the upgrade: LocalSystem, DOMAIN\user or DOMAIN\gmsa$. Omit it when it stays the same.

    .PARAMETER DkmContainer
        Distinguished name of the Distributed Key Management container (for example CN=VMMDKM,DC=contoso,DC=com) when the deployment uses DKM.

    .PARAMETER NoDkm
        States that the deployment does not use Distributed Key Management.

    .PARAMETER UpgradeOnSameComputer
        $true when the upgrade keeps the current management server(s), $false when it moves to new computers. Omit it when not decided yet.

    .PARAMETER SpfInstalled
        Your answer: $true when System Center Service Provider Foundation (SPF) is used with this VMM, $false when not. No VMM cmdlet or property shows it; it fills vmm.features.spfInstalled (VMM 2025 no longer includes SPF).

    .PARAMETER AzureSubscriptionCount
        Your answer: how many Azure subscriptions (VMM 2016 and earlier) or Azure profiles (VMM 2019 and later) are added to VMM to manage Azure VMs, 0 when none. No documented cmdlet lists them (before 2019 they are stored per user); it fills vmm.features.azureSubscriptions (VMM 2025 removed Azure VM management).

    .PARAMETER Credential
        Credential for the VMM connection (Get-SCVMMServer), CIM sessions and WS-Management. SQL Server and failover-cluster queries always run as the account that runs the collector.

    .EXAMPLE
        PS C:\> $snapshot = Get-VmmAssessmentSnapshot -VMMServer vmm01.contoso.com -TenantId contoso -EnvironmentId prod -TargetVersion 2019

        Collects the inventory of vmm01 for an upgrade to VMM 2019 and keeps it in $snapshot.

    .EXAMPLE
        PS C:\> Get-VmmAssessmentSnapshot -VMMServer vmm01 -TenantId contoso -EnvironmentId prod -TargetVersion 2022 -PlannedServiceAccount 'CONTOSO\gmsa-vmm$' -DkmContainer 'CN=VMMDKM,DC=contoso,DC=com' |
            Send-VmmAssessmentSnapshot -Uri https://vmmassess.azurewebsites.net -TenantId contoso -CollectorKey $key

        Collects the inventory, stating the planned group managed service account and the DKM container, and sends it to the VmmAssess webhook.

    .EXAMPLE
        PS C:\> $snapshot = Get-VmmAssessmentSnapshot -VMMServer vmm01 -TenantId contoso -EnvironmentId lab -TargetVersion 2025 -Verbose
        PS C:\> $snapshot.collectionErrors | Format-Table source, target, message

        Collects the inventory and lists the sources that could not be read (for example hosts that answered "Access is denied").

    .OUTPUTS
        System.Management.Automation.PSCustomObject - the snapshot; ConvertTo-Json -Depth 20 of it validates against schemas/snapshot-v1.schema.json.

    .LINK
        https://learn.microsoft.com/powershell/module/virtualmachinemanager/

    .LINK
        Send-VmmAssessmentSnapshot

    .LINK
        Export-VmmAssessmentSnapshot
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string] $VMMServer,

        [Parameter(Mandatory = $true)]
        [ValidatePattern('^[A-Za-z0-9._-]{1,64}$')]
        [string] $TenantId,

        [Parameter(Mandatory = $true)]
        [ValidatePattern('^[A-Za-z0-9._-]{1,64}$')]
        [string] $EnvironmentId,

        [Parameter(Mandatory = $true)]
        [ValidateSet('2016', '2019', '2022', '2025')]
        [string] $TargetVersion,

        [ValidateNotNullOrEmpty()]
        [string] $PlannedServiceAccount,

        [ValidateNotNullOrEmpty()]
        [string] $DkmContainer,

        [switch] $NoDkm,

        [bool] $UpgradeOnSameComputer,

        [bool] $SpfInstalled,

        [ValidateRange(0, 1000000)]
        [int] $AzureSubscriptionCount,

        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential
    )

    if ($NoDkm -and $DkmContainer) {
        throw 'Use either -DkmContainer or -NoDkm, not both.'
    }
    if ($PSVersionTable.PSEdition -eq 'Core') {
        Write-Warning 'Collecting on PowerShell 7 is not supported: Microsoft does not document the VirtualMachineManager module for PowerShell 7, and objects passed through its compatibility layer lose their properties. Run Get-VmmAssessmentSnapshot in Windows PowerShell 5.1 on the VMM management server or a computer with the VMM console; Send and Export work in both.'
    }
    $credentialOrNull = $null
    if ($PSBoundParameters.ContainsKey('Credential') -and $null -ne $Credential -and $Credential -ne [System.Management.Automation.PSCredential]::Empty) {
        $credentialOrNull = $Credential
    }

    $collectedAt = ConvertTo-IsoTimestamp ([System.DateTimeOffset]::Now)
    $errorList = New-Object System.Collections.Generic.List[object]
    Write-Verbose "Collecting VMM inventory from $VMMServer (read-only)."

    $vmm = [ordered]@{
        product               = $null
        updateRollup          = $null
        build                 = $null
        highlyAvailable       = $null
        serviceAccount        = $null
        plannedServiceAccount = $null
        dkm                   = $null
        upgradeOnSameComputer = $null
        runningJobs           = $null
        pendingReboot         = $null
        lastDatabaseBackup    = $null
        databaseFullBackupRecorded = $null
        loadBalancers         = $null
        features              = $null
    }
    if ($PlannedServiceAccount) { $vmm.plannedServiceAccount = ConvertTo-ServiceAccountInfo $PlannedServiceAccount }
    if ($PSBoundParameters.ContainsKey('UpgradeOnSameComputer')) { $vmm.upgradeOnSameComputer = $UpgradeOnSameComputer }
    $features = [ordered]@{ serverAppVServiceTemplates = $null; spfInstalled = $null; azureSubscriptions = $null }
    if ($PSBoundParameters.ContainsKey('SpfInstalled')) { $features.spfInstalled = $SpfInstalled }
    if ($PSBoundParameters.ContainsKey('AzureSubscriptionCount')) { $features.azureSubscriptions = $AzureSubscriptionCount }

    $managementServers = $null
    $cluster = $null
    $database = $null
    $libraryServers = $null
    $hosts = $null
    $vCenters = $null
    $operationsManager = $null

    # --- VMM server ---------------------------------------------------------------------------------------
    $connection = Connect-CollectorVmmServer -ComputerName $VMMServer -Credential $credentialOrNull -ErrorList $errorList
    $propertyServiceAccount = $null
    $serverName = $VMMServer
    $nodeNames = @($VMMServer)
    $activeNode = $null
    if ($null -ne $connection) {
        $connectedName = Get-CollectorObjectName (Get-CollectorPropertyValue $connection 'FQDN', 'Name')
        if ($connectedName) { $serverName = $connectedName }
        $productInfo = ConvertTo-VmmProductInfo (Get-CollectorPropertyValue $connection 'ProductVersion')
        $vmm.product = $productInfo.product
        $vmm.updateRollup = $productInfo.updateRollup
        $vmm.build = $productInfo.build
        $vmm.highlyAvailable = ConvertTo-CollectorBool (Get-CollectorPropertyValue $connection 'IsHighlyAvailable')
        $propertyServiceAccount = [string](Get-CollectorPropertyValue $connection 'VMMServiceAccount')
        Add-CollectorTrace -Source 'vmm:Get-SCVMMServer' -Target $serverName -Item 'ProductVersion' -RawValue (Get-CollectorPropertyValue $connection 'ProductVersion') -Interpretation ('product {0}, update rollup {1}' -f $vmm.product, $vmm.updateRollup)
        Add-CollectorTrace -Source 'vmm:Get-SCVMMServer' -Target $serverName -Item 'IsHighlyAvailable, ActiveVMMNode, FailoverVMMNodes' -RawValue ('{0}, {1}, {2}' -f (Get-CollectorPropertyValue $connection 'IsHighlyAvailable'), (Get-CollectorObjectName (Get-CollectorPropertyValue $connection 'ActiveVMMNode')), (@(Get-CollectorPropertyValue $connection 'FailoverVMMNodes') -join ' ')) -Interpretation ('highlyAvailable = ' + $vmm.highlyAvailable)
        Add-CollectorTrace -Source 'vmm:Get-SCVMMServer' -Target $serverName -Item 'VMMServiceAccount' -RawValue $propertyServiceAccount -Interpretation 'used when Win32_Service.StartName of SCVMMService cannot be read'
        Add-CollectorTrace -Source 'vmm:Get-SCVMMServer' -Target $serverName -Item 'DatabaseServerName, DatabaseInstanceName, DatabaseName' -RawValue ('{0}, {1}, {2}' -f (Get-CollectorPropertyValue $connection 'DatabaseServerName'), (Get-CollectorPropertyValue $connection 'DatabaseInstanceName'), (Get-CollectorPropertyValue $connection 'DatabaseName')) -Interpretation 'the SQL Server instance the database facts are read from'
        $nodeNames = @($serverName)
        if ($vmm.highlyAvailable -eq $true) {
            $activeNode = Get-CollectorObjectName (Get-CollectorPropertyValue $connection 'ActiveVMMNode')
            $failoverNodes = @(Get-CollectorPropertyValue $connection 'FailoverVMMNodes' | ForEach-Object { Get-CollectorObjectName $_ } | Where-Object { $_ })
            if ($failoverNodes.Count -gt 0) { $nodeNames = $failoverNodes }
            elseif ($activeNode) { $nodeNames = @($activeNode) }
        }

        $jobs = Invoke-CollectorListStep -ErrorList $errorList -Source 'vmm:Get-SCJob' -Target $serverName -ScriptBlock {
            Get-SCJob -VMMServer $connection -Running -ErrorAction Stop
        }
        if ($null -ne $jobs) { $vmm.runningJobs = $jobs.Count }

        $balancers = Invoke-CollectorListStep -ErrorList $errorList -Source 'vmm:Get-SCLoadBalancer' -Target $serverName -ScriptBlock {
            Get-SCLoadBalancer -VMMServer $connection -ErrorAction Stop
        }
        if ($null -ne $balancers) {
            $vmm.loadBalancers = @($balancers | ForEach-Object {
                    $manufacturer = Get-CollectorPropertyValue $_ 'Manufacturer'
                    $model = Get-CollectorPropertyValue $_ 'Model'
                    [pscustomobject][ordered]@{
                        manufacturer = $(if ($null -ne $manufacturer) { [string]$manufacturer } else { $null })
                        model        = $(if ($null -ne $model) { [string]$model } else { $null })
                    }
                })
        }

        $hosts = Get-CollectorHostPart -Connection $connection -ServerName $serverName -Credential $credentialOrNull -ErrorList $errorList
        $vCenters = Get-CollectorVCenterPart -Connection $connection -ServerName $serverName -ErrorList $errorList
        $libraryServers = Get-CollectorLibraryPart -Connection $connection -ServerName $serverName -Credential $credentialOrNull -ErrorList $errorList
        $operationsManager = Get-CollectorOperationsManagerPart -Connection $connection -ServerName $serverName -ErrorList $errorList
        if ($vmm.product -eq '2012R2') {
            # Server App-V exists only up to VMM 2012 R2; later releases cannot create App-V service templates.
            $features.serverAppVServiceTemplates = Get-CollectorServerAppVCount -Connection $connection -ServerName $serverName -ErrorList $errorList
        }

        $databaseFacts = Get-CollectorDatabaseFacts -ErrorList $errorList `
            -Server ([string](Get-CollectorPropertyValue $connection 'DatabaseServerName')) `
            -Instance ([string](Get-CollectorPropertyValue $connection 'DatabaseInstanceName')) `
            -DatabaseName ([string](Get-CollectorPropertyValue $connection 'DatabaseName'))
        $database = $databaseFacts.database
        $vmm.lastDatabaseBackup = $databaseFacts.lastDatabaseBackup
        $vmm.databaseFullBackupRecorded = $databaseFacts.databaseFullBackupRecorded
    }

    # --- Management servers (the VMM server, or every node of a highly available VMM) ---------------------
    $serverItems = New-Object System.Collections.Generic.List[object]
    $pendingFlags = New-Object System.Collections.Generic.List[object]
    $registryServiceAccount = $null
    $serviceStartName = $null
    foreach ($node in $nodeNames) {
        $include = @('Os', 'Domain', 'PendingReboot', 'Software', 'WinRm')
        $isActive = $true
        if ($vmm.highlyAvailable -eq $true) {
            $isActive = $null
            if ($activeNode) { $isActive = Test-CollectorSameComputer $node $activeNode }
        }
        if ($isActive -eq $true -or $nodeNames.Count -eq 1) {
            $include += 'VmmService'
            if (-not $propertyServiceAccount) { $include += 'VmmSetup' }
        }
        $facts = Get-CollectorWindowsFacts -ComputerName $node -Credential $credentialOrNull -ErrorList $errorList -Include $include
        if ($facts.vmmServiceAccount) { $registryServiceAccount = [string]$facts.vmmServiceAccount }
        if ($facts.vmmServiceStartName) { $serviceStartName = [string]$facts.vmmServiceStartName }
        $pendingFlags.Add($facts.pendingReboot)
        $serverItems.Add([pscustomobject][ordered]@{
                name                 = $node
                os                   = $facts.os
                domainJoined         = $facts.domainJoined
                isActiveNode         = $isActive
                adkVersion           = $facts.adkVersion
                winRm                = $facts.winRm
                siteRecoveryProvider = $facts.siteRecoveryProvider
            })
    }
    $managementServers = $serverItems.ToArray()
    # The service's logon account (Win32_Service.StartName, what Microsoft's upgrade guidance reads) first; the
    # undocumented VMMServiceAccount property and the setup registry value only when it cannot be read.
    $accountText = $serviceStartName
    $accountSource = 'Win32_Service.StartName'
    if (-not $accountText) { $accountText = $propertyServiceAccount; $accountSource = 'VMMServiceAccount' }
    if (-not $accountText) { $accountText = $registryServiceAccount; $accountSource = 'registry VmmServiceAccount' }
    if ($accountText) {
        $vmm.serviceAccount = ConvertTo-ServiceAccountInfo $accountText -ComputerName (@($serverName, $VMMServer) + @($nodeNames))
        Add-CollectorTrace -Source 'cim:Win32_Service' -Target $serverName -Item 'SCVMMService StartName' -RawValue $serviceStartName -Interpretation ('serviceAccount = {0} ({1}, from {2})' -f $vmm.serviceAccount.name, $vmm.serviceAccount.kind, $accountSource)
    }
    if (@($pendingFlags | Where-Object { $_ -eq $true }).Count -gt 0) { $vmm.pendingReboot = $true }
    elseif ($pendingFlags.Count -gt 0 -and @($pendingFlags | Where-Object { $null -eq $_ }).Count -eq 0) { $vmm.pendingReboot = $false }

    # --- Highly available VMM: failover cluster ------------------------------------------------------------
    if ($vmm.highlyAvailable -eq $true) {
        $clusterNode = $activeNode
        if (-not $clusterNode) { $clusterNode = $nodeNames[0] }
        $cluster = Get-CollectorClusterPart -NodeName $clusterNode -KnownNodes $nodeNames -ErrorList $errorList
    }

    # --- Distributed Key Management -------------------------------------------------------------------------
    if ($DkmContainer) {
        $vmm.dkm = [pscustomobject][ordered]@{ enabled = $true; container = $DkmContainer }
    }
    elseif ($NoDkm) {
        $vmm.dkm = [pscustomobject][ordered]@{ enabled = $false; container = $null }
    }
    elseif ($vmm.highlyAvailable -eq $true) {
        # A highly available VMM management server cannot be installed without DKM (Microsoft, "Configuring
        # Distributed Key Management in VMM"), so DKM is known to be on; the container is not exposed.
        $vmm.dkm = [pscustomobject][ordered]@{ enabled = $true; container = $null }
    }
    else {
        Add-CollectionError -ErrorList $errorList -Source 'vmm:dkm' -Target $serverName -Message 'Whether the VMM server uses Distributed Key Management is not exposed by a documented VMM cmdlet or registry value; run again with -DkmContainer <distinguished name> or -NoDkm to state it.'
    }

    $vmm.features = [pscustomobject]$features

    $snapshot = [pscustomobject][ordered]@{
        schemaVersion     = '1.0'
        snapshotId        = [guid]::NewGuid().ToString()
        tenantId          = $TenantId
        environmentId     = $EnvironmentId
        collectedAt       = $collectedAt
        collector         = [pscustomobject][ordered]@{ name = $script:CollectorName; version = $script:CollectorVersion }
        targetVersion     = $TargetVersion
        vmm               = [pscustomobject]$vmm
        managementServers = $managementServers
        cluster           = $cluster
        database          = $database
        libraryServers    = $libraryServers
        hosts             = $hosts
        vCenters          = $vCenters
        operationsManager = $operationsManager
        collectionErrors  = $errorList.ToArray()
    }
    Write-Verbose ("Snapshot {0} collected with {1} collection error(s)." -f $snapshot.snapshotId, $errorList.Count)
    # Plain arrays and objects only, so ConvertTo-Json gives the same JSON on Windows PowerShell 5.1 and PowerShell 7.
    $slot = @($null)
    Copy-CollectorJsonValue $snapshot $slot
    return $slot[0]
}
