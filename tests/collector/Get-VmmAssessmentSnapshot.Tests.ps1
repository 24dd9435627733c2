BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Stubs.ps1')
    . (Join-Path $PSScriptRoot 'Support/Fixtures.ps1')
    . (Join-Path $PSScriptRoot 'Support/Schema.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../collector/VmmAssess.Collector/VmmAssess.Collector.psd1') -Force
}

AfterAll {
    Remove-Module VmmAssess.Collector -ErrorAction SilentlyContinue
    Remove-CollectorStubs
    Remove-Variable -Name VmmFixture -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Get-VmmAssessmentSnapshot' {

    Context 'Scenario A: VMM 2012 R2 UR10 standalone with VMware hosts and vCenter' {
        BeforeAll {
            $global:VmmFixture = New-ScenarioA2012R2VMware
            Register-CollectorScenarioMocks
            $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ PlannedServiceAccount = 'CONTOSO\svc-vmm'; NoDkm = $true; UpgradeOnSameComputer = $true }
            $json = $snapshot | ConvertTo-Json -Depth 20
        }

        It 'produces JSON that validates against schemas/snapshot-v1.schema.json' {
            Get-SnapshotSchemaErrors -Json $json | Should -BeNullOrEmpty
        }

        It 'fills the identity fields of contract v1' {
            $snapshot.schemaVersion | Should -Be '1.0'
            { [guid]::Parse($snapshot.snapshotId) } | Should -Not -Throw
            $snapshot.tenantId | Should -Be 'contoso'
            $snapshot.environmentId | Should -Be 'scenario-A'
            $snapshot.targetVersion | Should -Be '2016'
            $snapshot.collectedAt | Should -Match '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$'
            $snapshot.collector.name | Should -Be 'VmmAssess.Collector'
            $snapshot.collector.version | Should -Be (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../collector/VmmAssess.Collector/VmmAssess.Collector.psd1')).ModuleVersion
        }

        It 'maps build 3.2.8169.0 to VMM 2012 R2 update rollup 10' {
            $snapshot.vmm.product | Should -Be '2012R2'
            $snapshot.vmm.updateRollup | Should -Be 10
            $snapshot.vmm.build | Should -Be '3.2.8169.0'
            $snapshot.vmm.highlyAvailable | Should -BeFalse
        }

        It 'reports the service accounts, DKM and upgrade plan' {
            $snapshot.vmm.serviceAccount.kind | Should -Be 'Domain'
            $snapshot.vmm.serviceAccount.name | Should -Be 'CONTOSO\svc-vmm'
            $snapshot.vmm.plannedServiceAccount.kind | Should -Be 'Domain'
            $snapshot.vmm.dkm.enabled | Should -BeFalse
            $snapshot.vmm.upgradeOnSameComputer | Should -BeTrue
            $snapshot.vmm.runningJobs | Should -Be 0
            $snapshot.vmm.pendingReboot | Should -BeFalse
        }

        It 'lists the NetScaler load balancer' {
            @($snapshot.vmm.loadBalancers).Count | Should -Be 1
            $snapshot.vmm.loadBalancers[0].manufacturer | Should -Be 'Citrix'
            $snapshot.vmm.loadBalancers[0].model | Should -Be 'NetScaler VPX'
        }

        It 'lists Hyper-V hosts with their OS and ESX hosts with version and vCenter' {
            $byName = @{}
            foreach ($h in $snapshot.hosts) { $byName[$h.name] = $h }
            $byName.Count | Should -Be 4
            $byName['hv01.contoso.local'].platform | Should -Be 'HyperV'
            $byName['hv01.contoso.local'].os.build | Should -Be '6.3.9600'
            $byName['hv01.contoso.local'].os.installationType | Should -Be 'Server'
            $byName['hv02.contoso.local'].os.installationType | Should -Be 'Server Core'
            $byName['hv01.contoso.local'].cluster | Should -Be 'hvclu01.contoso.local'
            $byName['esx01.contoso.local'].platform | Should -Be 'VMwareESX'
            $byName['esx01.contoso.local'].version | Should -Be '5.1.0'
            $byName['esx02.contoso.local'].version | Should -Be '5.5.0'
            $byName['esx01.contoso.local'].vCenter | Should -Be 'vcenter01.contoso.local'
            $byName['esx01.contoso.local'].os | Should -BeNullOrEmpty
        }

        It 'lists the vCenter server with its version' {
            @($snapshot.vCenters).Count | Should -Be 1
            $snapshot.vCenters[0].name | Should -Be 'vcenter01.contoso.local'
            $snapshot.vCenters[0].version | Should -Be '5.1.0'
        }

        It 'reads the management server OS, domain, ADK and the lowered WinRM limits' {
            @($snapshot.managementServers).Count | Should -Be 1
            $server = $snapshot.managementServers[0]
            $server.name | Should -Be 'vmm01.contoso.local'
            $server.os.caption | Should -Be 'Microsoft Windows Server 2012 R2 Standard'
            $server.os.build | Should -Be '6.3.9600'
            $server.domainJoined | Should -BeTrue
            $server.isActiveNode | Should -BeTrue
            $server.adkVersion | Should -Be '8.100.26866'
            $server.winRm.maxConcurrentOperationsPerUser | Should -Be 15
            $server.winRm.maxConnections | Should -Be 25
            $server.siteRecoveryProvider.installed | Should -BeFalse
        }

        It 'lists library servers with their OS' {
            $lib = @($snapshot.libraryServers | Where-Object name -eq 'lib02.contoso.local')
            $lib.Count | Should -Be 1
            $lib[0].os.build | Should -Be '6.2.9200'
            $lib[0].highlyAvailable | Should -BeFalse
            $lib[0].isScaleOutFileServer | Should -BeFalse
        }

        It 'reports the Operations Manager connection with PRO' {
            $snapshot.operationsManager.connected | Should -BeTrue
            $snapshot.operationsManager.server | Should -Be 'scom01.contoso.local'
            $snapshot.operationsManager.proEnabled | Should -BeTrue
            $snapshot.operationsManager.proConfigurations | Should -Be 3
        }

        It 'connects to the default instance VMM reports by computer name and reads the last full backup with its own offset' {
            $snapshot.database.server | Should -Be 'sql01.contoso.local'
            $snapshot.database.instance | Should -Be 'MSSQLSERVER' -Because 'VMM reports the default instance as the computer name SQL01'
            Should -Invoke -ModuleName VmmAssess.Collector Invoke-VmmSqlQuery -ParameterFilter { $ServerInstance -eq 'sql01.contoso.local' } -Times 3 -Exactly -Scope Context
            Should -Invoke -ModuleName VmmAssess.Collector Invoke-VmmSqlQuery -ParameterFilter { $ServerInstance -ne 'sql01.contoso.local' } -Times 0 -Exactly -Scope Context
            $snapshot.database.version | Should -Be '11.0.6020.0'
            $snapshot.database.edition | Should -Be 'Standard Edition (64-bit)'
            $snapshot.database.highAvailability | Should -Be 'None'
            $snapshot.database.inAvailabilityGroup | Should -BeFalse
            $snapshot.vmm.databaseFullBackupRecorded | Should -BeTrue
            $snapshot.vmm.lastDatabaseBackup | Should -Be '2024-05-02T22:15:03.000+02:00' -Because "the backup's own time_zone (8 x 15 min) is used, not today's offset"
        }

        It 'has no cluster part and no collection errors' {
            $snapshot.cluster | Should -BeNullOrEmpty
            @($snapshot.collectionErrors).Count | Should -Be 0
        }

        It 'only calls read-only cmdlets: Get-SCJob with -Running, registry reads through StdRegProv' {
            Should -Invoke -ModuleName VmmAssess.Collector Get-SCJob -ParameterFilter { $Running } -Times 1 -Exactly -Scope Context
            Should -Invoke -ModuleName VmmAssess.Collector Invoke-CimMethod -ParameterFilter { $MethodName -notin @('GetStringValue', 'GetMultiStringValue', 'EnumKey', 'GetDWORDValue') } -Times 0 -Exactly -Scope Context
        }
    }

    Context 'Scenario B: VMM 2019 UR2 highly available, database in an Always On availability group' {
        BeforeAll {
            $global:VmmFixture = New-ScenarioB2019HighlyAvailable
            Register-CollectorScenarioMocks
            $snapshot = Invoke-CollectorScenario -TargetVersion '2022' -Extra @{ PlannedServiceAccount = 'FABRIKAM\gmsa-vmm$' }
            $json = $snapshot | ConvertTo-Json -Depth 20
        }

        It 'produces JSON that validates against the schema' {
            Get-SnapshotSchemaErrors -Json $json | Should -BeNullOrEmpty
        }

        It 'maps build 10.19.2445.0 to VMM 2019 update rollup 2, highly available' {
            $snapshot.vmm.product | Should -Be '2019'
            $snapshot.vmm.updateRollup | Should -Be 2
            $snapshot.vmm.highlyAvailable | Should -BeTrue
        }

        It 'knows DKM is on (required for HA) and classifies the planned gMSA' {
            $snapshot.vmm.dkm.enabled | Should -BeTrue
            $snapshot.vmm.dkm.container | Should -BeNullOrEmpty
            $snapshot.vmm.plannedServiceAccount.kind | Should -Be 'GroupManaged'
            $snapshot.vmm.serviceAccount.kind | Should -Be 'Domain'
        }

        It 'lists both nodes as management servers and marks the active one' {
            @($snapshot.managementServers).Count | Should -Be 2
            ($snapshot.managementServers | Where-Object name -eq 'vmmnode1.fabrikam.local').isActiveNode | Should -BeTrue
            ($snapshot.managementServers | Where-Object name -eq 'vmmnode2.fabrikam.local').isActiveNode | Should -BeFalse
            $snapshot.managementServers[0].os.build | Should -Be '10.0.17763'
            $snapshot.managementServers[0].winRm.maxConcurrentOperationsPerUser | Should -Be 1500
            $snapshot.managementServers[0].siteRecoveryProvider.installed | Should -BeTrue
            $snapshot.managementServers[0].siteRecoveryProvider.version | Should -Be '5.1.8095.0'
            $snapshot.managementServers[0].adkVersion | Should -Be '10.1.17763.1'
        }

        It 'reports the pending reboot of the passive node and the running job' {
            $snapshot.vmm.pendingReboot | Should -BeTrue
            $snapshot.vmm.runningJobs | Should -Be 1
        }

        It 'reads the VMM failover cluster and its nodes' {
            $snapshot.cluster.name | Should -Be 'vmmclu01'
            $snapshot.cluster.exists | Should -BeTrue
            @($snapshot.cluster.nodes) | Should -Be @('vmmnode1', 'vmmnode2')
        }

        It 'reports the database as Always On with the WSFC cluster name' {
            $snapshot.database.server | Should -Be 'vmmdb-listener.fabrikam.local'
            $snapshot.database.version | Should -Be '15.0.4153.1'
            $snapshot.database.highAvailability | Should -Be 'AlwaysOn'
            $snapshot.database.inAvailabilityGroup | Should -BeTrue
            $snapshot.database.clusterName | Should -Be 'sqlclu01'
            $snapshot.vmm.lastDatabaseBackup | Should -Be '2024-06-10T01:00:00.000+00:00'
        }

        It 'reports the clustered library file server (not a Scale-Out File Server)' {
            $snapshot.libraryServers[0].name | Should -Be 'libfs.fabrikam.local'
            $snapshot.libraryServers[0].highlyAvailable | Should -BeTrue
            $snapshot.libraryServers[0].isScaleOutFileServer | Should -BeFalse
            $snapshot.libraryServers[0].clusterName | Should -Be 'fsclu01'
        }

        It 'reports no Operations Manager connection and no VMware' {
            $snapshot.operationsManager.connected | Should -BeFalse
            $snapshot.operationsManager.proConfigurations | Should -Be 0
            @($snapshot.vCenters).Count | Should -Be 0
            @($snapshot.hosts | Where-Object platform -ne 'HyperV').Count | Should -Be 0
            ($snapshot.hosts | Where-Object name -eq 'hv03.fabrikam.local').os.build | Should -Be '10.0.14393'
        }

        It 'keeps empty lists as JSON arrays, not null' {
            $json | Should -Match '"vCenters":\s*\[\s*\]'
            $json | Should -Match '"loadBalancers":\s*\[\s*\]'
        }

        It 'has no collection errors' {
            @($snapshot.collectionErrors).Count | Should -Be 0
        }
    }

    Context 'Scenario C: VMM 2022 UR1 with hosts that answer "Access is denied"' {
        BeforeAll {
            $global:VmmFixture = New-ScenarioC2022AccessDenied
            Register-CollectorScenarioMocks
            $snapshot = Invoke-CollectorScenario -TargetVersion '2025'
            $json = $snapshot | ConvertTo-Json -Depth 20
            $errors = @($snapshot.collectionErrors)
        }

        It 'still returns a snapshot that validates against the schema' {
            $snapshot | Should -Not -BeNullOrEmpty
            Get-SnapshotSchemaErrors -Json $json | Should -BeNullOrEmpty
        }

        It 'maps build 10.22.1508.0 to VMM 2022 update rollup 1 and the gMSA service account' {
            $snapshot.vmm.product | Should -Be '2022'
            $snapshot.vmm.updateRollup | Should -Be 1
            $snapshot.vmm.serviceAccount.kind | Should -Be 'GroupManaged'
            $snapshot.vmm.serviceAccount.name | Should -Be 'CONTOSO\gmsa-vmm$'
        }

        It 'keeps every host but leaves the OS of unreadable hosts null' {
            @($snapshot.hosts).Count | Should -Be 3
            ($snapshot.hosts | Where-Object name -eq 'hv21.contoso.local').os.build | Should -Be '10.0.20348'
            ($snapshot.hosts | Where-Object name -eq 'hv22.contoso.local').os | Should -BeNullOrEmpty
            ($snapshot.hosts | Where-Object name -eq 'hv23.contoso.local').os | Should -BeNullOrEmpty
            ($snapshot.hosts | Where-Object name -eq 'hv22.contoso.local').platform | Should -Be 'HyperV'
        }

        It 'adds one collection error per access-denied host with source, target and message' {
            $denied = @($errors | Where-Object { $_.source -eq 'cim:session' })
            @($denied.target | Sort-Object) | Should -Be @('hv22.contoso.local', 'hv23.contoso.local')
            $denied[0].message | Should -Match 'Access is denied'
        }

        It 'leaves runningJobs null when Get-SCJob is denied and records it' {
            $snapshot.vmm.runningJobs | Should -BeNullOrEmpty
            $jobError = @($errors | Where-Object { $_.source -eq 'vmm:Get-SCJob' })
            $jobError.Count | Should -Be 1
            $jobError[0].target | Should -Be 'vmm22.contoso.local'
            $jobError[0].message | Should -Match 'permission'
        }

        It 'leaves lastDatabaseBackup null when msdb is not readable and records it' {
            $snapshot.vmm.lastDatabaseBackup | Should -BeNullOrEmpty
            $snapshot.vmm.databaseFullBackupRecorded | Should -BeNullOrEmpty -Because 'unknown, not "no backup"'
            @($errors | Where-Object { $_.source -eq 'sql:msdb-backupset' -and $_.target -eq 'sql22.contoso.local\VMM' }).Count | Should -Be 1
            $snapshot.database.version | Should -Be '16.0.1000.6'
            $snapshot.database.instance | Should -Be 'VMM'
        }

        It 'asks for the DKM setting of a standalone server instead of guessing' {
            $snapshot.vmm.dkm | Should -BeNullOrEmpty
            @($errors | Where-Object { $_.source -eq 'vmm:dkm' }).Count | Should -Be 1
        }

        It 'reads the Server Core management server' {
            $snapshot.managementServers[0].os.installationType | Should -Be 'Server Core'
            $snapshot.managementServers[0].adkVersion | Should -Be '10.1.22621.1'
        }

        It 'is checked by a schema validation that does reject broken snapshots' {
            $broken = $json | ConvertFrom-Json
            $broken.hosts[0].os.PSObject.Properties.Remove('build')
            $broken.vmm.product = '2012'
            $broken.collectionErrors[0].source = ''
            $brokenErrors = @(Get-SnapshotSchemaErrors -Json ($broken | ConvertTo-Json -Depth 20))
            ($brokenErrors -join "`n") | Should -Match '/hosts/0/os'
            ($brokenErrors -join "`n") | Should -Match '/vmm/product'
            ($brokenErrors -join "`n") | Should -Match '/collectionErrors/0/source'
        }

        It 'serializes collectionErrors in the contract shape' {
            $parsed = $json | ConvertFrom-Json
            foreach ($entry in $parsed.collectionErrors) {
                @($entry.PSObject.Properties.Name) | Should -Be @('source', 'target', 'message')
                $entry.source | Should -Not -BeNullOrEmpty
                $entry.message | Should -Not -BeNullOrEmpty
            }
        }
    }

    Context 'When the VMM server cannot be reached' {
        BeforeAll {
            $global:VmmFixture = New-ScenarioA2012R2VMware
            $global:VmmFixture.Computers['vmm01.contoso.local'] = New-FixtureComputer -Caption 'Microsoft Windows Server 2012 R2 Standard' -Version '6.3.9600' `
                -WinRm (New-FixtureWsmanService -MaxConcurrentOperationsPerUser 15 -MaxConnections 25) -VmmServiceAccount 'CONTOSO\svc-vmm-reg'
            $global:VmmFixture.Server = 'throw:You cannot contact the VMM management server. The VMM service on the server vmm01.contoso.local may not be running. (Error ID: 1604)'
            Register-CollectorScenarioMocks
            $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ DkmContainer = 'CN=VMMDKM,DC=contoso,DC=local' }
            $json = $snapshot | ConvertTo-Json -Depth 20
        }

        It 'returns a valid snapshot with the VMM parts null and the error recorded' {
            Get-SnapshotSchemaErrors -Json $json | Should -BeNullOrEmpty
            $snapshot.vmm.product | Should -BeNullOrEmpty
            $snapshot.hosts | Should -BeNullOrEmpty
            $snapshot.database | Should -BeNullOrEmpty
            $vmmError = @($snapshot.collectionErrors | Where-Object source -eq 'vmm:Get-SCVMMServer')
            $vmmError.Count | Should -Be 1
            $vmmError[0].target | Should -Be 'vmm01.contoso.local'
            $vmmError[0].message | Should -Match 'cannot contact'
        }

        It 'still reads the management server through CIM and the service account from the VMM setup registry key' {
            $snapshot.managementServers[0].os.build | Should -Be '6.3.9600'
            $snapshot.managementServers[0].winRm.maxConnections | Should -Be 25
            $snapshot.vmm.serviceAccount.kind | Should -Be 'Domain'
            $snapshot.vmm.serviceAccount.name | Should -Be 'CONTOSO\svc-vmm-reg'
        }

        It 'takes the DKM container given on the command line' {
            $snapshot.vmm.dkm.enabled | Should -BeTrue
            $snapshot.vmm.dkm.container | Should -Be 'CN=VMMDKM,DC=contoso,DC=local'
        }
    }
}

Describe 'Version and account mapping' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../../collector/VmmAssess.Collector/VmmAssess.Collector.psd1') -Force
    }

    It 'maps VMM build <Build> to product <Product>, update rollup <Rollup>' -ForEach @(
        @{ Build = '3.2.7510.0'; Product = '2012R2'; Rollup = 0 }
        @{ Build = '3.2.8145.0'; Product = '2012R2'; Rollup = 9 }
        @{ Build = '3.2.8228.0'; Product = '2012R2'; Rollup = 11 }
        @{ Build = '3.2.9013.0'; Product = '2012R2'; Rollup = 12 }
        @{ Build = '4.0.1662.0'; Product = '2016'; Rollup = 0 }
        @{ Build = '4.0.2413.0'; Product = '2016'; Rollup = 6 }
        @{ Build = '4.0.2775.0'; Product = '2016'; Rollup = 10 }
        @{ Build = '4.1.3223.0'; Product = '1801'; Rollup = $null }
        @{ Build = '4.1.3403.0'; Product = '1807'; Rollup = $null }
        @{ Build = '10.19.1013.0'; Product = '2019'; Rollup = 0 }
        @{ Build = '10.19.2883.0'; Product = '2019'; Rollup = 6 }
        @{ Build = '10.22.1711.0'; Product = '2022'; Rollup = 2 }
        @{ Build = '10.22.2112.0'; Product = '2022'; Rollup = 3 }
        @{ Build = '10.25.1200.0'; Product = '2025'; Rollup = 0 }
    ) {
        $info = InModuleScope VmmAssess.Collector -Parameters @{ Build = $Build } { param($Build) ConvertTo-VmmProductInfo $Build }
        $info.product | Should -Be $Product
        $info.updateRollup | Should -Be $Rollup
        $info.build | Should -Be $Build
    }

    It 'leaves unknown VMM builds (<Build>) unmapped instead of guessing' -ForEach @(
        @{ Build = '3.1.6027.0' }, @{ Build = '2.0.4271.0' }, @{ Build = 'not a version' }, @{ Build = $null }
    ) {
        $info = InModuleScope VmmAssess.Collector -Parameters @{ Build = $Build } { param($Build) ConvertTo-VmmProductInfo $Build }
        $info.product | Should -BeNullOrEmpty
        $info.updateRollup | Should -BeNullOrEmpty
    }

    It 'normalizes Windows version <Version> to <Expected>' -ForEach @(
        @{ Version = '6.3.9600'; Expected = '6.3.9600' }
        @{ Version = '10.0.17763.5576'; Expected = '10.0.17763' }
        @{ Version = '10.0.26100'; Expected = '10.0.26100' }
    ) {
        InModuleScope VmmAssess.Collector -Parameters @{ Version = $Version } { param($Version) ConvertTo-WindowsBuild $Version } | Should -Be $Expected
    }

    It 'classifies service account <Account> as <Kind>' -ForEach @(
        @{ Account = 'LocalSystem'; Kind = 'LocalSystem' }
        @{ Account = 'NT AUTHORITY\SYSTEM'; Kind = 'LocalSystem' }
        @{ Account = 'CONTOSO\svc-vmm'; Kind = 'Domain' }
        @{ Account = 'svc-vmm@contoso.com'; Kind = 'Domain' }
        @{ Account = 'CONTOSO\gmsa-vmm$'; Kind = 'GroupManaged' }
    ) {
        (InModuleScope VmmAssess.Collector -Parameters @{ Account = $Account } { param($Account) ConvertTo-ServiceAccountInfo $Account }).kind | Should -Be $Kind
    }

    It 'splits a database server reported as server\instance, connects to it and reads the failover cluster instance''s cluster' {
        InModuleScope VmmAssess.Collector {
            Mock Invoke-VmmSqlQuery {
                if ($Query -match 'SERVERPROPERTY') { return [pscustomobject]@{ ProductVersion = '13.0.5026.0'; Edition = 'Standard Edition (64-bit)'; IsClustered = 1; IsHadrEnabled = 0; MachineName = 'SQLFCI'; InstanceName = 'VMMINST'; UtcOffsetMinutes = 0 } }
                if ($Query -match 'dm_hadr_cluster') { return [pscustomobject]@{ ClusterName = 'sqlclu02' } }
                if ($Query -match 'group_database_id') { return [pscustomobject]@{ DatabaseName = 'VirtualManagerDB'; GroupDatabaseId = $null; AvailabilityGroupName = $null } }
                if ($Query -match 'backupset') { return [pscustomobject]@{ BackupFinishDate = [datetime]::new(2024, 6, 10, 1, 0, 0, [System.DateTimeKind]::Unspecified); TimeZone = 127 } }
                throw "unexpected query $Query"
            }
            $errorList = New-Object System.Collections.Generic.List[object]
            $facts = Get-CollectorDatabaseFacts -Server 'sqlfci.contoso.local\VMMINST' -Instance '' -DatabaseName 'VirtualManagerDB' -ErrorList $errorList
            $facts.database.server | Should -Be 'sqlfci.contoso.local'
            $facts.database.instance | Should -Be 'VMMINST'
            $facts.database.highAvailability | Should -Be 'FailoverCluster'
            $facts.database.clusterName | Should -Be 'sqlclu02' -Because 'sys.dm_hadr_cluster answers for failover cluster instances from SQL Server 2014 on'
            $facts.lastDatabaseBackup | Should -Be '2024-06-10T01:00:00.000+00:00' -Because 'time_zone 127 (unknown) falls back to the server offset'
            $errorList.Count | Should -Be 0
            Should -Invoke Invoke-VmmSqlQuery -ParameterFilter { $ServerInstance -eq 'sqlfci.contoso.local\VMMINST' } -Times 4 -Exactly
        }
    }

    It 'maps VirtualizationPlatform <Value> to <Expected>' -ForEach @(
        @{ Value = 'HyperV'; Expected = 'HyperV' }
        @{ Value = 'VMWareESX'; Expected = 'VMwareESX' }
        @{ Value = 'XENServer'; Expected = 'XenServer' }
        @{ Value = 'VirtualServer'; Expected = $null }
    ) {
        InModuleScope VmmAssess.Collector -Parameters @{ Value = $Value } { param($Value) ConvertTo-HostPlatform $Value } | Should -Be $Expected
    }
}
