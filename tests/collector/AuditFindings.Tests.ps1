# One context per row of the collector audit (/work/shared/reference/collector-audit.md, issue 18) that was
# fixed: each runs the collector against a fixture in the shape a real VMM deployment has and fails on the
# behaviour the audit found.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Stubs.ps1')
    . (Join-Path $PSScriptRoot 'Support/Fixtures.ps1')
    . (Join-Path $PSScriptRoot 'Support/Schema.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../collector/VmmAssess.Collector/VmmAssess.Collector.psd1') -Force

    function New-ScenarioAManagementServer {
        param([hashtable] $Extra = @{})
        $parameters = @{
            Caption             = 'Microsoft Windows Server 2012 R2 Standard'
            Version             = '6.3.9600'
            WinRm               = (New-FixtureWsmanService -MaxConcurrentOperationsPerUser 15 -MaxConnections 25)
            VmmServiceStartName = 'CONTOSO\svc-vmm'
            Software            = @{ 'Windows Assessment and Deployment Kit - Windows 8.1' = '8.100.26866' }
        }
        foreach ($key in $Extra.Keys) { $parameters[$key] = $Extra[$key] }
        return (New-FixtureComputer @parameters)
    }
}

AfterAll {
    Remove-Module VmmAssess.Collector -ErrorAction SilentlyContinue
    Remove-CollectorStubs
    Remove-Variable -Name VmmFixture -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Audit finding 3 (W11): the Hyper-V Recovery Manager provider under the names Microsoft gives it' {
    It 'reports "<Name>" as an installed Site Recovery provider' -ForEach @(
        @{ Name = 'Windows Azure Hyper-V Recovery Manager Provider'; Version = '3.4.486.0' }
        @{ Name = 'Microsoft Azure Hyper-V Recovery Manager Provider'; Version = '4.6.660.0' }
        @{ Name = 'Microsoft Azure Site Recovery Provider'; Version = '5.1.8095.0' }
    ) {
        $global:VmmFixture = New-ScenarioA2012R2VMware
        $software = @{ 'Windows Assessment and Deployment Kit - Windows 8.1' = '8.100.26866' }
        $software[$Name] = $Version
        $global:VmmFixture.Computers['vmm01.contoso.local'] = New-ScenarioAManagementServer @{ Software = $software }
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }
        $snapshot.managementServers[0].siteRecoveryProvider.installed | Should -BeTrue
        $snapshot.managementServers[0].siteRecoveryProvider.version | Should -Be $Version
        $snapshot.managementServers[0].adkVersion | Should -Be '8.100.26866'
    }
}

Describe 'Audit finding 4 (V27): library servers listed through the nodes of a clustered file server' {
    BeforeAll {
        $global:VmmFixture = New-ScenarioB2019HighlyAvailable
        $global:VmmFixture.LibraryServers = @(
            (New-FixtureLibraryServer 'libfs.fabrikam.local' -IsVirtualClusterName $true),
            (New-FixtureLibraryServer 'fsnode1.fabrikam.local' -IsClusterNode $true),
            (New-FixtureLibraryServer 'fsnode2.fabrikam.local' -IsClusterNode $true)
        )
        $global:VmmFixture.Computers['fsnode1.fabrikam.local'] = New-FixtureComputer -Caption 'Microsoft Windows Server 2019 Standard' -Version '10.0.17763'
        $global:VmmFixture.Computers['fsnode2.fabrikam.local'] = New-FixtureComputer -Caption 'Microsoft Windows Server 2019 Standard' -Version '10.0.17763'
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2022'
    }

    It 'reports the clustered library once, highly available, and not its nodes as non-HA libraries' {
        @($snapshot.libraryServers).Count | Should -Be 1
        $snapshot.libraryServers[0].name | Should -Be 'libfs.fabrikam.local'
        $snapshot.libraryServers[0].highlyAvailable | Should -BeTrue
        @($snapshot.collectionErrors).Count | Should -Be 0
    }

    It 'does not guess when a cluster node is listed without its clustered role' {
        $global:VmmFixture.LibraryServers = @(New-FixtureLibraryServer 'fsnode1.fabrikam.local' -IsClusterNode $true)
        $lonely = Invoke-CollectorScenario -TargetVersion '2022'
        $lonely.libraryServers[0].highlyAvailable | Should -BeNullOrEmpty
        @($lonely.collectionErrors | Where-Object { $_.source -eq 'vmm:Get-SCLibraryServer' -and $_.target -eq 'fsnode1.fabrikam.local' }).Count | Should -Be 1
    }
}

Describe 'Audit finding 5 (V7): the VMM service account from the service logon identity' {
    It 'classifies a LocalSystem-run VMM as LocalSystem although VMMServiceAccount shows the computer account' {
        $global:VmmFixture = New-ScenarioC2022AccessDenied
        $global:VmmFixture.Server.VMMServiceAccount = 'CONTOSO\VMM22$'
        $global:VmmFixture.Computers['vmm22.contoso.local'].Services['SCVMMService'].StartName = 'LocalSystem'
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2025'
        $snapshot.vmm.serviceAccount.kind | Should -Be 'LocalSystem'
        Should -Invoke -ModuleName VmmAssess.Collector Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Service' -and $Filter -eq "Name='SCVMMService'" } -Times 1 -Exactly
    }

    It 'classifies the VMM computer account CONTOSO\VMM22$ as LocalSystem when the service cannot be read' {
        $global:VmmFixture = New-ScenarioC2022AccessDenied
        $global:VmmFixture.Server.VMMServiceAccount = 'CONTOSO\VMM22$'
        $global:VmmFixture.Computers['vmm22.contoso.local'].Services.Clear()
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2025'
        $snapshot.vmm.serviceAccount.kind | Should -Be 'LocalSystem'
    }

    It 'prefers the service logon account over the VMMServiceAccount property' {
        $global:VmmFixture = New-ScenarioA2012R2VMware
        $global:VmmFixture.Server.VMMServiceAccount = 'CONTOSO\old-vmm'
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }
        $snapshot.vmm.serviceAccount.name | Should -Be 'CONTOSO\svc-vmm'
    }

    It 'still classifies a group managed service account as GroupManaged' {
        $global:VmmFixture = New-ScenarioC2022AccessDenied
        Register-CollectorScenarioMocks
        (Invoke-CollectorScenario -TargetVersion '2025').vmm.serviceAccount.kind | Should -Be 'GroupManaged'
    }
}

Describe 'Audit finding 6 (V20): the ESX version from the operating system name, never an implausible OperatingSystemVersion' {
    BeforeAll {
        $global:VmmFixture = New-ScenarioA2012R2VMware
        $esx = @($global:VmmFixture.Hosts | Where-Object { $_.VirtualizationPlatform -eq 'VMWareESX' })
        $esx[0] | Add-Member -NotePropertyName OperatingSystemVersion -NotePropertyValue ([version]'0.0')
        $esx[1] | Add-Member -NotePropertyName OperatingSystemVersion -NotePropertyValue ([version]'5.5.1331820')
        $nameless = New-FixtureHost 'esx03.contoso.local' 'VMWareESX' 'VMware ESX Server' $null $global:VmmFixture.VirtualizationManagers[0]
        $nameless | Add-Member -NotePropertyName OperatingSystemVersion -NotePropertyValue ([version]'0.0')
        $global:VmmFixture.Hosts = @($global:VmmFixture.Hosts) + $nameless
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }
        $byName = @{}
        foreach ($h in $snapshot.hosts) { $byName[$h.name] = $h }
    }

    It 'reads 5.1.0 and 5.5.0 from the operating system names' {
        $byName['esx01.contoso.local'].version | Should -Be '5.1.0'
        $byName['esx02.contoso.local'].version | Should -Be '5.5.0'
    }

    It 'leaves the version null and says why when neither value is a version' {
        $byName['esx03.contoso.local'].version | Should -BeNullOrEmpty
        $errors = @($snapshot.collectionErrors | Where-Object { $_.source -eq 'vmm:Get-SCVMHost' -and $_.target -eq 'esx03.contoso.local' })
        $errors.Count | Should -Be 1
        $errors[0].message | Should -Match "OperatingSystemVersion is '0.0'"
    }
}

Describe 'Audit finding 7 (S4, S8): the last full backup' {
    It 'tells "no full backup recorded" apart from "could not read msdb"' {
        $global:VmmFixture = New-ScenarioA2012R2VMware
        $global:VmmFixture.Sql.LastFullBackup = @()
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }
        $snapshot.vmm.lastDatabaseBackup | Should -BeNullOrEmpty
        $snapshot.vmm.databaseFullBackupRecorded | Should -BeExactly $false
        Get-SnapshotSchemaErrors -Json ($snapshot | ConvertTo-Json -Depth 20) | Should -BeNullOrEmpty
        $errors = @($snapshot.collectionErrors | Where-Object { $_.source -eq 'sql:msdb-backupset' })
        $errors.Count | Should -Be 1
        $errors[0].target | Should -Be 'sql01.contoso.local'
        $errors[0].message | Should -Match "No full backup .* of database 'VirtualManagerDB' is recorded"
    }

    It "converts the backup time with that backup's time_zone, not today's offset" {
        $global:VmmFixture = New-ScenarioA2012R2VMware
        $global:VmmFixture.Sql.LastFullBackup = @([pscustomobject]@{ BackupFinishDate = [datetime]::new(2024, 1, 15, 23, 30, 0, [System.DateTimeKind]::Unspecified); TimeZone = -20 })
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }
        $snapshot.vmm.lastDatabaseBackup | Should -Be '2024-01-15T23:30:00.000-05:00'
    }
}

Describe 'Audit finding 9 (S7): database.clusterName for SQL Server 2012 availability groups' {
    It 'reads sys.dm_hadr_cluster on SQL Server 2012 with Always On enabled' {
        $global:VmmFixture = New-ScenarioB2019HighlyAvailable
        $global:VmmFixture.Sql.ServerProperties.ProductVersion = '11.0.7001.0'
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2022'
        $snapshot.database.clusterName | Should -Be 'sqlclu01'
        $snapshot.database.highAvailability | Should -Be 'AlwaysOn'
    }
}

Describe 'Audit finding 9 (W8): PendingFileRenameOperations alone is not a pending reboot' {
    It 'reports no pending reboot for a server with only file rename entries' {
        $global:VmmFixture = New-ScenarioA2012R2VMware
        $global:VmmFixture.Computers['vmm01.contoso.local'] = New-ScenarioAManagementServer @{ PendingFileRenameOnly = $true }
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }
        $snapshot.vmm.pendingReboot | Should -BeFalse
    }

    It 'still reports the Component Based Servicing reboot marker' {
        $global:VmmFixture = New-ScenarioA2012R2VMware
        $global:VmmFixture.Computers['vmm01.contoso.local'] = New-ScenarioAManagementServer @{ RebootPending = $true }
        Register-CollectorScenarioMocks
        (Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }).vmm.pendingReboot | Should -BeTrue
    }
}

Describe 'Audit finding 10 (W5): one unreadable Uninstall entry does not hide the others' {
    It 'still finds the ADK and names the entry it skipped' {
        $global:VmmFixture = New-ScenarioA2012R2VMware
        $global:VmmFixture.Computers['vmm01.contoso.local'] = New-ScenarioAManagementServer @{ UnreadableUninstallKey = @('{5A1E0B5C-0000-4000-8000-0000000000AA}') }
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }
        $snapshot.managementServers[0].adkVersion | Should -Be '8.100.26866'
        $snapshot.managementServers[0].siteRecoveryProvider.installed | Should -BeFalse
        $errors = @($snapshot.collectionErrors | Where-Object { $_.source -eq 'registry:Uninstall' })
        $errors.Count | Should -Be 1
        $errors[0].message | Should -Match '5A1E0B5C-0000-4000-8000-0000000000AA'
        $errors[0].message | Should -Match 'returned 5'
    }
}

Describe 'Audit finding 8 (V2): collection is supported on Windows PowerShell 5.1 only' {
    It 'warns when Get-VmmAssessmentSnapshot runs on PowerShell 7' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
        $global:VmmFixture = New-ScenarioB2019HighlyAvailable
        Register-CollectorScenarioMocks
        $null = Get-VmmAssessmentSnapshot -VMMServer $global:VmmFixture.VMMServer -TenantId contoso -EnvironmentId ps7 -TargetVersion 2022 -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 1
        [string]$warnings[0] | Should -Match 'Windows PowerShell 5\.1'
    }

    It 'says so in the manifest description' {
        $data = Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../collector/VmmAssess.Collector/VmmAssess.Collector.psd1')
        $data.Description | Should -Match 'Windows PowerShell 5\.1'
    }
}

Describe 'Section 5: vmm.features is filled' {
    It 'counts the service templates that deploy a Server App-V package on VMM 2012 R2' {
        $global:VmmFixture = New-ScenarioA2012R2VMware
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }
        $snapshot.vmm.features.serverAppVServiceTemplates | Should -Be 1
        $snapshot.vmm.features.spfInstalled | Should -BeNullOrEmpty
        $snapshot.vmm.features.azureSubscriptions | Should -BeNullOrEmpty
        Get-SnapshotSchemaErrors -Json ($snapshot | ConvertTo-Json -Depth 20) | Should -BeNullOrEmpty
    }

    It 'leaves the count null with a collection error when a deployment cannot be classified' {
        $global:VmmFixture = New-ScenarioA2012R2VMware
        $global:VmmFixture.ApplicationDeployments['Intranet web'] = @([pscustomobject]@{ Name = 'Unknown kind' })
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }
        $snapshot.vmm.features.serverAppVServiceTemplates | Should -BeNullOrEmpty
        @($snapshot.collectionErrors | Where-Object { $_.source -eq 'vmm:Get-SCApplicationDeployment' }).Count | Should -Be 1
    }

    It 'does not look for Server App-V after VMM 2012 R2 and takes SPF and Azure as answers' {
        $global:VmmFixture = New-ScenarioB2019HighlyAvailable
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2025' -Extra @{ SpfInstalled = $true; AzureSubscriptionCount = 0 }
        $snapshot.vmm.features.serverAppVServiceTemplates | Should -BeNullOrEmpty
        $snapshot.vmm.features.spfInstalled | Should -BeTrue
        $snapshot.vmm.features.azureSubscriptions | Should -Be 0
        Should -Invoke -ModuleName VmmAssess.Collector Get-SCServiceTemplate -Times 0 -Exactly
    }
}

Describe 'Audit finding 9 (V19): the Hyper-V host OS from VMM when CIM is denied' {
    BeforeAll {
        $global:VmmFixture = New-ScenarioC2022AccessDenied
        $hv22 = @($global:VmmFixture.Hosts | Where-Object { $_.FQDN -eq 'hv22.contoso.local' })[0]
        $hv22 | Add-Member -NotePropertyName OperatingSystemVersion -NotePropertyValue ([version]'10.0.20348')
        $hv23 = @($global:VmmFixture.Hosts | Where-Object { $_.FQDN -eq 'hv23.contoso.local' })[0]
        $hv23 | Add-Member -NotePropertyName OperatingSystemVersion -NotePropertyValue ([version]'0.0')
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2025'
    }

    It 'takes caption and build from Get-SCVMHost OperatingSystem / OperatingSystemVersion, installation type unknown' {
        $os = ($snapshot.hosts | Where-Object name -eq 'hv22.contoso.local').os
        $os.caption | Should -Be 'Windows Server 2022 Datacenter'
        $os.build | Should -Be '10.0.20348'
        $os.installationType | Should -BeNullOrEmpty
        Get-SnapshotSchemaErrors -Json ($snapshot | ConvertTo-Json -Depth 20) | Should -BeNullOrEmpty
        @($snapshot.collectionErrors | Where-Object { $_.source -eq 'cim:session' -and $_.target -eq 'hv22.contoso.local' }).Count | Should -Be 1
    }

    It 'leaves the OS null when OperatingSystemVersion is not a Windows build' {
        ($snapshot.hosts | Where-Object name -eq 'hv23.contoso.local').os | Should -BeNullOrEmpty
    }
}

Describe 'Audit W14: WinRM limits set by Group Policy' {
    It 'reads a value that carries Source="GPO" (an XmlElement, not a string)' {
        $global:VmmFixture = New-ScenarioA2012R2VMware
        $xml = [xml]@"
<cfg:Service xmlns:cfg="http://schemas.microsoft.com/wbem/wsman/1/config/service" xml:lang="en-US">
  <cfg:MaxConcurrentOperationsPerUser Source="GPO">1500</cfg:MaxConcurrentOperationsPerUser>
  <cfg:MaxConnections>300</cfg:MaxConnections>
</cfg:Service>
"@
        $global:VmmFixture.Computers['vmm01.contoso.local'] = New-ScenarioAManagementServer @{ WinRm = $xml.DocumentElement }
        Register-CollectorScenarioMocks
        $snapshot = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }
        $snapshot.managementServers[0].winRm.maxConcurrentOperationsPerUser | Should -Be 1500
        $snapshot.managementServers[0].winRm.maxConnections | Should -Be 300
    }
}

Describe 'Audit S1: SQL Server connections to an availability group listener' {
    It 'connects with Windows authentication and MultiSubnetFailover' {
        $text = InModuleScope VmmAssess.Collector { New-VmmSqlConnectionString -ServerInstance 'vmmdb-listener.fabrikam.local' -Database msdb }
        $builder = New-Object System.Data.SqlClient.SqlConnectionStringBuilder($text)
        $builder.DataSource | Should -Be 'vmmdb-listener.fabrikam.local'
        $builder.InitialCatalog | Should -Be 'msdb'
        $builder.IntegratedSecurity | Should -BeTrue
        $builder.MultiSubnetFailover | Should -BeTrue
    }
}
