BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Stubs.ps1')
    . (Join-Path $PSScriptRoot 'Support/Fixtures.ps1')
    . (Join-Path $PSScriptRoot 'Support/Schema.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../collector/VmmAssess.Collector/VmmAssess.Collector.psd1') -Force
    $directory = Join-Path ([System.IO.Path]::GetTempPath()) ('vmmassess-selfcheck-' + [guid]::NewGuid().ToString('N'))
}

AfterAll {
    Remove-Item -LiteralPath $directory -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Module VmmAssess.Collector -ErrorAction SilentlyContinue
    Remove-CollectorStubs
    Remove-Variable -Name VmmFixture -Scope Global -ErrorAction SilentlyContinue
}

Describe 'Test-VmmAssessmentCollection' {
    Context 'against VMM 2012 R2 with a default SQL instance, VMware hosts and Server App-V' {
        BeforeAll {
            $global:VmmFixture = New-ScenarioA2012R2VMware
            Register-CollectorScenarioMocks
            $rows = @(Test-VmmAssessmentCollection -VMMServer $global:VmmFixture.VMMServer -Path ($directory + '/') -InformationAction SilentlyContinue)
            $file = @(Get-ChildItem -LiteralPath $directory -Filter 'vmmassess-selfcheck-vmm01.contoso.local-*.json')
            function Find-Row([string] $Source, [string] $Target, [string] $Item) {
                return @($rows | Where-Object { $_.source -eq $Source -and ($_.target -eq $Target) -and $_.item -eq $Item })
            }
        }

        It 'shows the raw DatabaseInstanceName and that it was taken as the default instance' {
            $row = Find-Row 'vmm:Get-SCVMMServer' 'sql01.contoso.local' 'DatabaseInstanceName'
            $row.Count | Should -Be 1
            $row[0].rawValue | Should -Be 'SQL01 [String]'
            $row[0].interpretation | Should -Match 'default instance MSSQLSERVER'
            (Find-Row 'sql:serverproperty' 'sql01.contoso.local' "SERVERPROPERTY('InstanceName')")[0].rawValue | Should -Be '(null)'
        }

        It 'shows the version and update rollup made of ProductVersion' {
            $row = Find-Row 'vmm:Get-SCVMMServer' 'vmm01.contoso.local' 'ProductVersion'
            $row[0].rawValue | Should -Be '3.2.8169.0 [String]'
            $row[0].interpretation | Should -Be 'product 2012R2, update rollup 10'
        }

        It 'shows the service logon account and the ESX operating system names with the versions made of them' {
            (Find-Row 'cim:Win32_Service' 'vmm01.contoso.local' 'SCVMMService StartName')[0].interpretation | Should -Match 'CONTOSO\\svc-vmm \(Domain, from Win32_Service.StartName\)'
            $esx = Find-Row 'vmm:Get-SCVMHost' 'esx02.contoso.local' 'OperatingSystem, OperatingSystemVersion'
            $esx[0].rawValue | Should -Match 'VMware ESXi 5.5.0 build-1331820'
            $esx[0].interpretation | Should -Be 'hosts[].version = 5.5.0'
        }

        It 'shows library cluster flags, PRO, the backup row and the Server App-V classification' {
            (Find-Row 'vmm:Get-SCLibraryServer' 'lib02.contoso.local' 'IsClusterNode, IsVirtualClusterName')[0].interpretation | Should -Be 'highlyAvailable = False'
            (Find-Row 'vmm:Get-SCPROMonitorConfiguration' 'vmm01.contoso.local' 'Get-SCPROMonitorConfiguration -VMMServerScope')[0].interpretation | Should -Be 'proConfigurations = 3'
            (Find-Row 'sql:msdb-backupset' 'sql01.contoso.local' 'backup_finish_date, time_zone')[0].interpretation | Should -Be 'vmm.lastDatabaseBackup = 2024-05-02T22:15:03.000+02:00'
            @($rows | Where-Object { $_.source -eq 'vmm:Get-SCApplicationDeployment' -and $_.interpretation -eq 'Server App-V = True' }).Count | Should -Be 1
        }

        It 'writes one file with the values, the collection errors, the snapshot and the versions that ran it' {
            $file.Count | Should -Be 1
            $report = [System.IO.File]::ReadAllText($file[0].FullName) | ConvertFrom-Json
            @($report.values).Count | Should -Be $rows.Count
            $report.vmmServer | Should -Be 'vmm01.contoso.local'
            $report.collectorVersion | Should -Not -BeNullOrEmpty
            $report.powerShell | Should -Match '^(Core|Desktop) \d'
            $report.snapshot.vmm.product | Should -Be '2012R2'
            @($report.collectionErrors | Where-Object source -eq 'vmm:dkm').Count | Should -Be 1
            Get-SnapshotSchemaErrors -Json ($report.snapshot | ConvertTo-Json -Depth 20) | Should -BeNullOrEmpty
        }

        It 'stays read-only: only StdRegProv read methods, Get-SCJob -Running' {
            Should -Invoke -ModuleName VmmAssess.Collector Invoke-CimMethod -ParameterFilter { $MethodName -notin @('GetStringValue', 'GetMultiStringValue', 'EnumKey', 'GetDWORDValue') } -Times 0 -Exactly -Scope Context
            Should -Invoke -ModuleName VmmAssess.Collector Get-SCJob -ParameterFilter { $Running } -Times 1 -Exactly -Scope Context
        }

        It 'records nothing when an ordinary collection runs afterwards' {
            $null = Invoke-CollectorScenario -TargetVersion '2016' -Extra @{ NoDkm = $true }
            InModuleScope VmmAssess.Collector { $script:CollectorTrace } | Should -BeNullOrEmpty
        }

        It 'tells where the file is (information stream, shown by default)' {
            $path = Join-Path $directory 'told.json'
            $null = Test-VmmAssessmentCollection -VMMServer $global:VmmFixture.VMMServer -Path $path -InformationVariable told
            ([string]$told[-1].MessageData) | Should -Be "Self-check written to $([System.IO.Path]::GetFullPath($path)) - attach it to a support request."
        }

        It 'does not overwrite its file without -Force' {
            { Test-VmmAssessmentCollection -VMMServer $global:VmmFixture.VMMServer -Path $file[0].FullName -InformationAction SilentlyContinue } | Should -Throw -ExpectedMessage '*exists*Use -Force*'
        }
    }

    Context 'when the VMM server cannot be reached' {
        It 'still writes the file, with the connection error in it' {
            $global:VmmFixture = New-ScenarioA2012R2VMware
            $global:VmmFixture.Server = 'throw:You cannot contact the VMM management server. (Error ID: 1604)'
            Register-CollectorScenarioMocks
            $path = Join-Path $directory 'unreachable.json'
            $null = Test-VmmAssessmentCollection -VMMServer vmm01.contoso.local -Path $path -InformationAction SilentlyContinue
            $report = [System.IO.File]::ReadAllText($path) | ConvertFrom-Json
            @($report.collectionErrors | Where-Object source -eq 'vmm:Get-SCVMMServer').Count | Should -Be 1
        }
    }
}
