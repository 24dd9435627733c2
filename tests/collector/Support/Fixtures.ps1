# Fixtures shaped like the output of the real cmdlets (property names and value formats as the VMM, CIM,
# WS-Management, FailoverClusters cmdlets and SQL Server return them), three deployments:
#   A  VMM 2012 R2 UR10, standalone, VMware ESX hosts managed through vCenter, NetScaler load balancer, SCOM + PRO
#   B  VMM 2019 UR2, highly available (two nodes), database in an Always On availability group
#   C  VMM 2022 UR1, standalone, two Hyper-V hosts answer "Access is denied", SQL login cannot read msdb
# The active fixture lives in $global:VmmFixture; the mocks read it.

$script:WsmanServiceNamespace = 'http://schemas.microsoft.com/wbem/wsman/1/config/service'

function New-FixtureWsmanService {
    <# Get-WSManInstance -ResourceURI winrm/config/Service returns an XmlElement like this one. #>
    param([int] $MaxConcurrentOperationsPerUser, [int] $MaxConnections)
    $xml = [xml]@"
<cfg:Service xmlns:cfg="$($script:WsmanServiceNamespace)" xml:lang="en-US">
  <cfg:RootSDDL>O:NSG:BAD:P(A;;GA;;;BA)(A;;GR;;;IU)S:P(AU;FA;GA;;;WD)(AU;SA;GXGW;;;WD)</cfg:RootSDDL>
  <cfg:MaxConcurrentOperations>4294967295</cfg:MaxConcurrentOperations>
  <cfg:MaxConcurrentOperationsPerUser>$MaxConcurrentOperationsPerUser</cfg:MaxConcurrentOperationsPerUser>
  <cfg:EnumerationTimeoutms>240000</cfg:EnumerationTimeoutms>
  <cfg:MaxConnections>$MaxConnections</cfg:MaxConnections>
  <cfg:MaxPacketRetrievalTimeSeconds>120</cfg:MaxPacketRetrievalTimeSeconds>
  <cfg:AllowUnencrypted>false</cfg:AllowUnencrypted>
</cfg:Service>
"@
    return $xml.DocumentElement
}

function New-FixtureComputer {
    <#
    A Windows server as CIM and the registry (StdRegProv) see it.
    Registry: key path (under HKLM) -> @{ Values = @{ name = value }; SubKeys = @(names) }
    #>
    param(
        [string] $Caption,
        [string] $Version,
        [string] $InstallationType = 'Server',
        [bool] $PartOfDomain = $true,
        [string] $Domain = 'contoso.local',
        [hashtable] $Software = @{},
        [switch] $RebootPending,
        [string] $VmmServiceAccount,
        [string] $VmmServiceStartName,
        [switch] $PendingFileRenameOnly,
        [string[]] $UnreadableUninstallKey = @(),
        [object] $WinRm,
        [string] $Session = 'Ok'
    )
    $registry = @{
        'SOFTWARE\Microsoft\Windows NT\CurrentVersion'                             = @{ Values = @{ InstallationType = $InstallationType; ProductName = ($Caption -replace '^Microsoft ', ''); CurrentBuild = $Version.Split('.')[2] }; SubKeys = @() }
        'SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing'      = @{ Values = @{}; SubKeys = @('ApplicabilityEvaluationCache', 'Packages', 'SessionsPending') }
        'SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update'      = @{ Values = @{}; SubKeys = @('Results') }
        'SYSTEM\CurrentControlSet\Control\Session Manager'                         = @{ Values = @{}; SubKeys = @('Environment', 'Memory Management') }
        'SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'                      = @{ Values = @{}; SubKeys = @('{90160000-008C-0000-1000-0000000FF1CE}') }
        'SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\{90160000-008C-0000-1000-0000000FF1CE}' = @{ Values = @{ DisplayName = 'Microsoft Visual C++ 2013 x64 Minimum Runtime - 12.0.21005'; DisplayVersion = '12.0.21005' }; SubKeys = @() }
        'SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'          = @{ Values = @{}; SubKeys = @() }
    }
    if ($RebootPending) {
        $registry['SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing'].SubKeys += 'RebootPending'
        $registry['SYSTEM\CurrentControlSet\Control\Session Manager'].Values['PendingFileRenameOperations'] = @('\??\C:\Windows\Temp\old.dll', '')
    }
    if ($PendingFileRenameOnly) {
        # What antivirus and management agents leave behind on many servers.
        $registry['SYSTEM\CurrentControlSet\Control\Session Manager'].Values['PendingFileRenameOperations'] = @('\??\C:\ProgramData\AV\Temp\update.tmp', '')
    }
    foreach ($key in $UnreadableUninstallKey) {
        $registry['SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'].SubKeys += $key
        $registry['SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\' + $key] = @{ Values = @{}; SubKeys = @(); ReturnValue = 5 }
    }
    $index = 0
    foreach ($name in $Software.Keys) {
        $index++
        $key = '{{6C1A3F2E-0000-4000-8000-00000000000{0}}}' -f $index
        $registry['SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall'].SubKeys += $key
        $registry['SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\' + $key] = @{ Values = @{ DisplayName = $name; DisplayVersion = $Software[$name]; Publisher = 'Microsoft Corporation' }; SubKeys = @() }
    }
    if ($VmmServiceAccount) {
        $registry['SOFTWARE\Microsoft\Microsoft System Center Virtual Machine Manager Server\Setup'] = @{ Values = @{ VmmServiceAccount = $VmmServiceAccount; InstallPath = 'C:\Program Files\Microsoft System Center\Virtual Machine Manager\' }; SubKeys = @() }
    }
    $services = @{}
    if ($VmmServiceStartName) {
        $services['SCVMMService'] = [pscustomobject]@{ PSTypeName = 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Service'; Name = 'SCVMMService'; StartName = $VmmServiceStartName; State = 'Running' }
    }
    return @{
        Session        = $Session
        Services       = $services
        OperatingSystem = [pscustomobject]@{
            PSTypeName     = 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_OperatingSystem'
            Caption        = $Caption
            Version        = $Version
            BuildNumber    = $Version.Split('.')[2]
            OSArchitecture = '64-bit'
        }
        ComputerSystem = [pscustomobject]@{
            PSTypeName   = 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_ComputerSystem'
            PartOfDomain = $PartOfDomain
            Domain       = $Domain
        }
        Registry       = $registry
        WinRm          = $WinRm
    }
}

function New-FixtureVmmServer {
    param([hashtable] $Properties)
    $base = [ordered]@{
        PSTypeName           = 'Microsoft.SystemCenter.VirtualMachineManager.Remoting.ServerConnection'
        Port                 = 8100
        IsConnected          = $true
        UserRole             = [pscustomobject]@{ Name = 'Administrator'; UserRoleProfile = 'Administrator' }
        DatabaseName         = 'VirtualManagerDB'
        IsHighlyAvailable    = $false
        ActiveVMMNode        = $null
        FailoverVMMNodes     = @()
    }
    foreach ($key in $Properties.Keys) { $base[$key] = $Properties[$key] }
    return [pscustomobject]$base
}

function New-FixtureHost {
    param([string] $Fqdn, [string] $Platform, [string] $OperatingSystem, [object] $HostCluster, [object] $VirtualizationManager, [string] $State = 'OK')
    $short = $Fqdn.Split('.')[0]
    return [pscustomobject]@{
        PSTypeName             = 'Microsoft.SystemCenter.VirtualMachineManager.Host'
        Name                   = $Fqdn
        ComputerName           = $short
        FQDN                   = $Fqdn
        VirtualizationPlatform = $Platform
        OperatingSystem        = [pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.OperatingSystem'; Name = $OperatingSystem }
        HostCluster            = $HostCluster
        VirtualizationManager  = $VirtualizationManager
        OverallState           = $State
        CommunicationState     = 'Responding'
    }
}

function New-FixtureHostCluster {
    param([string] $Fqdn)
    return [pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.HostCluster'; Name = $Fqdn; ClusterName = $Fqdn.Split('.')[0]; VirtualizationPlatform = 'HyperV' }
}

function New-FixtureLibraryServer {
    param([string] $Fqdn, [bool] $IsVirtualClusterName = $false, [bool] $IsClusterNode = $false)
    return [pscustomobject]@{
        PSTypeName           = 'Microsoft.SystemCenter.VirtualMachineManager.LibraryServer'
        Name                 = $Fqdn
        FQDN                 = $Fqdn
        ComputerName         = $Fqdn.Split('.')[0]
        Status               = 'Responding'
        IsClusterNode        = $IsClusterNode
        IsVirtualClusterName = $IsVirtualClusterName
        IsUnencryptedFileTransferEnabled = $false
    }
}

function New-ScenarioA2012R2VMware {
    $cluster = New-FixtureHostCluster 'hvclu01.contoso.local'
    $vcenter = [pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.VirtualizationManager'; Name = 'vcenter01.contoso.local'; ComputerName = 'vcenter01.contoso.local'; Version = '5.1.0'; Status = 'Responding'; NumberOfManagedHosts = 2; Port = 443 }
    $oldWinRm = New-FixtureWsmanService -MaxConcurrentOperationsPerUser 15 -MaxConnections 25
    return @{
        Name                     = 'A'
        VMMServer                = 'vmm01.contoso.local'
        Server                   = New-FixtureVmmServer @{
            Name = 'vmm01.contoso.local'; FQDN = 'vmm01.contoso.local'; ProductVersion = '3.2.8169.0'
            VMMServiceAccount = 'CONTOSO\svc-vmm'; DatabaseServerName = 'sql01.contoso.local'; DatabaseInstanceName = 'SQL01'; DatabaseVersion = '3.2.8169.0'
        }
        Hosts                    = @(
            (New-FixtureHost 'hv01.contoso.local' 'HyperV' 'Windows Server 2012 R2 Datacenter' $cluster $null),
            (New-FixtureHost 'hv02.contoso.local' 'HyperV' 'Windows Server 2012 R2 Datacenter' $cluster $null),
            (New-FixtureHost 'esx01.contoso.local' 'VMWareESX' 'VMware ESXi 5.1.0 build-799733' $null $vcenter),
            (New-FixtureHost 'esx02.contoso.local' 'VMWareESX' 'VMware ESXi 5.5.0 build-1331820' $null $vcenter)
        )
        VirtualizationManagers   = @($vcenter)
        LibraryServers           = @((New-FixtureLibraryServer 'vmm01.contoso.local'), (New-FixtureLibraryServer 'lib02.contoso.local'))
        LoadBalancers            = @([pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.LoadBalancer'; Name = 'ns01.contoso.local'; Address = 'ns01.contoso.local'; Port = 443; Manufacturer = 'Citrix'; Model = 'NetScaler VPX' })
        OpsMgrConnections        = @([pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.OpsMgrConnection'; OpsMgrServerName = 'scom01.contoso.local'; ConnectionStatus = 'OK'; PROEnabled = $true; MaintenanceModeEnabled = $true })
        ProMonitorConfigurations = @(
            [pscustomobject]@{ Name = 'Host CPU utilization'; Enabled = $true },
            [pscustomobject]@{ Name = 'Host memory utilization'; Enabled = $true },
            [pscustomobject]@{ Name = 'VM CPU utilization'; Enabled = $false }
        )
        Jobs                     = @()
        # Service templates: one deploys a web site (Web Deploy package), one a Server App-V package (.sft).
        ServiceTemplates         = @(
            @{
                Template = [pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.ServiceTemplate'; Name = 'Intranet'; Release = '1.0' }
                Tiers    = @([pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.ComputerTierTemplate'; Name = 'Web tier'; ApplicationProfile = [pscustomobject]@{ Name = 'Intranet web' } })
            },
            @{
                Template = [pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.ServiceTemplate'; Name = 'Claims'; Release = '2.1' }
                Tiers    = @(
                    [pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.ComputerTierTemplate'; Name = 'App tier'; ApplicationProfile = [pscustomobject]@{ Name = 'Claims app' } },
                    [pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.ComputerTierTemplate'; Name = 'SQL tier'; ApplicationProfile = $null }
                )
            }
        )
        ApplicationDeployments   = @{
            'Intranet web' = @([pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.ApplicationDeployment'; Name = 'Intranet site'; ApplicationPackage = [pscustomobject]@{ Name = 'intranet.zip'; SharePath = '\\vmm01.contoso.local\MSSCVMMLibrary\Applications\Intranet\intranet.zip' } })
            'Claims app'   = @([pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.ApplicationDeployment'; Name = 'Claims'; ApplicationPackage = [pscustomobject]@{ Name = 'Claims.sft'; SharePath = '\\vmm01.contoso.local\MSSCVMMLibrary\Applications\Claims\Claims.sft' } })
        }
        Computers                = @{
            'vmm01.contoso.local' = New-FixtureComputer -Caption 'Microsoft Windows Server 2012 R2 Standard' -Version '6.3.9600' -WinRm $oldWinRm -VmmServiceStartName 'CONTOSO\svc-vmm' `
                -Software @{ 'Windows Assessment and Deployment Kit - Windows 8.1' = '8.100.26866' }
            'hv01.contoso.local'  = New-FixtureComputer -Caption 'Microsoft Windows Server 2012 R2 Datacenter' -Version '6.3.9600'
            'hv02.contoso.local'  = New-FixtureComputer -Caption 'Microsoft Windows Server 2012 R2 Datacenter' -Version '6.3.9600' -InstallationType 'Server Core'
            'lib02.contoso.local' = New-FixtureComputer -Caption 'Microsoft Windows Server 2012 Standard' -Version '6.2.9200'
        }
        Clusters                 = @{}
        Sql                      = @{
            ServerProperties  = [pscustomobject]@{ ProductVersion = '11.0.6020.0'; Edition = 'Standard Edition (64-bit)'; IsClustered = 0; IsHadrEnabled = 0; MachineName = 'SQL01'; InstanceName = $null; UtcOffsetMinutes = 60 }
            AvailabilityGroup = [pscustomobject]@{ DatabaseName = 'VirtualManagerDB'; GroupDatabaseId = $null; AvailabilityGroupName = $null }
            HadrCluster       = 'throw:Invalid object name ''sys.dm_hadr_cluster''.'
            # Taken in summer time (UTC+2, time_zone 8 x 15 minutes) while the server is at UTC+1 now.
            LastFullBackup    = @([pscustomobject]@{ BackupFinishDate = [datetime]::new(2024, 5, 2, 22, 15, 3, [System.DateTimeKind]::Unspecified); TimeZone = 8 })
        }
    }
}

function New-ScenarioB2019HighlyAvailable {
    $cluster = New-FixtureHostCluster 'hvclu01.fabrikam.local'
    $defaultWinRm = New-FixtureWsmanService -MaxConcurrentOperationsPerUser 1500 -MaxConnections 300
    $asr = @{ 'Microsoft Azure Site Recovery Provider' = '5.1.8095.0'; 'Windows Assessment and Deployment Kit - Windows 10' = '10.1.17763.1' }
    return @{
        Name                     = 'B'
        VMMServer                = 'vmmha.fabrikam.local'
        Server                   = New-FixtureVmmServer @{
            Name = 'vmmha.fabrikam.local'; FQDN = 'vmmha.fabrikam.local'; ProductVersion = '10.19.2445.0'
            IsHighlyAvailable = $true; ActiveVMMNode = 'vmmnode1.fabrikam.local'
            FailoverVMMNodes = @('vmmnode1.fabrikam.local', 'vmmnode2.fabrikam.local')
            VMMServiceAccount = 'FABRIKAM\svc-vmm'; DatabaseServerName = 'vmmdb-listener.fabrikam.local'; DatabaseInstanceName = 'VMMDB-LISTENER'; DatabaseVersion = '10.19.2445.0'
        }
        Hosts                    = @(
            (New-FixtureHost 'hv01.fabrikam.local' 'HyperV' 'Windows Server 2019 Datacenter' $cluster $null),
            (New-FixtureHost 'hv02.fabrikam.local' 'HyperV' 'Windows Server 2019 Datacenter' $cluster $null),
            (New-FixtureHost 'hv03.fabrikam.local' 'HyperV' 'Windows Server 2016 Datacenter' $null $null)
        )
        VirtualizationManagers   = @()
        LibraryServers           = @(New-FixtureLibraryServer 'libfs.fabrikam.local' -IsVirtualClusterName $true)
        LoadBalancers            = @()
        OpsMgrConnections        = @()
        ProMonitorConfigurations = @()
        Jobs                     = @([pscustomobject]@{ PSTypeName = 'Microsoft.SystemCenter.VirtualMachineManager.Task'; Name = 'Refresh host cluster'; Status = 'Running'; Progress = '40 %'; IsCompleted = $false })
        Computers                = @{
            'vmmnode1.fabrikam.local' = New-FixtureComputer -Caption 'Microsoft Windows Server 2019 Standard' -Version '10.0.17763' -Domain 'fabrikam.local' -WinRm $defaultWinRm -Software $asr -VmmServiceStartName 'FABRIKAM\svc-vmm'
            'vmmnode2.fabrikam.local' = New-FixtureComputer -Caption 'Microsoft Windows Server 2019 Standard' -Version '10.0.17763' -Domain 'fabrikam.local' -WinRm $defaultWinRm -Software $asr -RebootPending -VmmServiceStartName 'FABRIKAM\svc-vmm'
            'hv01.fabrikam.local'     = New-FixtureComputer -Caption 'Microsoft Windows Server 2019 Datacenter' -Version '10.0.17763' -InstallationType 'Server Core'
            'hv02.fabrikam.local'     = New-FixtureComputer -Caption 'Microsoft Windows Server 2019 Datacenter' -Version '10.0.17763' -InstallationType 'Server Core'
            'hv03.fabrikam.local'     = New-FixtureComputer -Caption 'Microsoft Windows Server 2016 Datacenter' -Version '10.0.14393'
            'libfs.fabrikam.local'    = New-FixtureComputer -Caption 'Microsoft Windows Server 2019 Standard' -Version '10.0.17763'
        }
        Clusters                 = @{
            'vmmnode1.fabrikam.local' = @{
                Cluster = [pscustomobject]@{ PSTypeName = 'Microsoft.FailoverClusters.PowerShell.Cluster'; Name = 'vmmclu01'; Domain = 'fabrikam.local' }
                Nodes   = @(
                    [pscustomobject]@{ PSTypeName = 'Microsoft.FailoverClusters.PowerShell.ClusterNode'; Name = 'vmmnode1'; State = 'Up'; Id = '1' },
                    [pscustomobject]@{ PSTypeName = 'Microsoft.FailoverClusters.PowerShell.ClusterNode'; Name = 'vmmnode2'; State = 'Up'; Id = '2' }
                )
            }
            'libfs.fabrikam.local'    = @{
                Cluster   = [pscustomobject]@{ PSTypeName = 'Microsoft.FailoverClusters.PowerShell.Cluster'; Name = 'fsclu01'; Domain = 'fabrikam.local' }
                Resources = @(
                    [pscustomobject]@{ Name = 'Cluster Name'; State = 'Online'; OwnerGroup = [pscustomobject]@{ Name = 'Cluster Group' }; ResourceType = [pscustomobject]@{ Name = 'Network Name' } },
                    [pscustomobject]@{ Name = 'libfs'; State = 'Online'; OwnerGroup = [pscustomobject]@{ Name = 'libfs' }; ResourceType = [pscustomobject]@{ Name = 'Network Name' } },
                    [pscustomobject]@{ Name = 'File Server (\\libfs)'; State = 'Online'; OwnerGroup = [pscustomobject]@{ Name = 'libfs' }; ResourceType = [pscustomobject]@{ Name = 'File Server' } }
                )
            }
        }
        Sql                      = @{
            ServerProperties  = [pscustomobject]@{ ProductVersion = '15.0.4153.1'; Edition = 'Enterprise Edition: Core-based Licensing (64-bit)'; IsClustered = 0; IsHadrEnabled = 1; MachineName = 'SQLAG01'; InstanceName = $null; UtcOffsetMinutes = 0 }
            AvailabilityGroup = [pscustomobject]@{ DatabaseName = 'VirtualManagerDB'; GroupDatabaseId = [guid]'5bd3e2d0-8f41-4a3c-9a35-2b6a0f0f7c11'; AvailabilityGroupName = 'AG-VMM' }
            HadrCluster       = [pscustomobject]@{ ClusterName = 'sqlclu01' }
            LastFullBackup    = @([pscustomobject]@{ BackupFinishDate = [datetime]::new(2024, 6, 10, 1, 0, 0, [System.DateTimeKind]::Unspecified); TimeZone = 0 })
        }
    }
}

function New-ScenarioC2022AccessDenied {
    $defaultWinRm = New-FixtureWsmanService -MaxConcurrentOperationsPerUser 1500 -MaxConnections 300
    return @{
        Name                     = 'C'
        VMMServer                = 'vmm22.contoso.local'
        Server                   = New-FixtureVmmServer @{
            Name = 'vmm22.contoso.local'; FQDN = 'vmm22.contoso.local'; ProductVersion = '10.22.1508.0'
            VMMServiceAccount = 'CONTOSO\gmsa-vmm$'; DatabaseServerName = 'sql22.contoso.local'; DatabaseInstanceName = 'VMM'; DatabaseVersion = '10.22.1508.0'
        }
        Hosts                    = @(
            (New-FixtureHost 'hv21.contoso.local' 'HyperV' 'Windows Server 2022 Datacenter' $null $null),
            (New-FixtureHost 'hv22.contoso.local' 'HyperV' 'Windows Server 2022 Datacenter' $null $null -State 'Needs Attention'),
            (New-FixtureHost 'hv23.contoso.local' 'HyperV' 'Windows Server 2019 Datacenter' $null $null -State 'Needs Attention')
        )
        VirtualizationManagers   = @()
        LibraryServers           = @(New-FixtureLibraryServer 'vmm22.contoso.local')
        LoadBalancers            = @()
        OpsMgrConnections        = @()
        ProMonitorConfigurations = @()
        Jobs                     = 'throw:You do not have permission to access one or more of the objects required by this operation. (Error ID: 1604)'
        Computers                = @{
            'vmm22.contoso.local' = New-FixtureComputer -Caption 'Microsoft Windows Server 2022 Datacenter' -Version '10.0.20348' -InstallationType 'Server Core' -WinRm $defaultWinRm -VmmServiceStartName 'CONTOSO\gmsa-vmm$' `
                -Software @{ 'Windows Assessment and Deployment Kit' = '10.1.22621.1' }
            'hv21.contoso.local'  = New-FixtureComputer -Caption 'Microsoft Windows Server 2022 Datacenter' -Version '10.0.20348'
            'hv22.contoso.local'  = New-FixtureComputer -Caption 'x' -Version '10.0.20348' -Session 'AccessDenied'
            'hv23.contoso.local'  = New-FixtureComputer -Caption 'x' -Version '10.0.17763' -Session 'AccessDenied'
        }
        Clusters                 = @{}
        Sql                      = @{
            ServerProperties  = [pscustomobject]@{ ProductVersion = '16.0.1000.6'; Edition = 'Standard Edition (64-bit)'; IsClustered = 0; IsHadrEnabled = 0; MachineName = 'SQL22'; InstanceName = 'VMM'; UtcOffsetMinutes = -300 }
            AvailabilityGroup = [pscustomobject]@{ DatabaseName = 'VirtualManagerDB'; GroupDatabaseId = $null; AvailabilityGroupName = $null }
            HadrCluster       = 'throw:not expected'
            LastFullBackup    = 'throw:The SELECT permission was denied on the object ''backupset'', database ''msdb'', schema ''dbo''.'
        }
    }
}

function global:Resolve-FixtureValue {
    param([object] $Value)
    if ($Value -is [string] -and $Value.StartsWith('throw:')) { throw $Value.Substring(6) }
    return $Value
}

function Register-CollectorScenarioMocks {
    <# Mocks every external call of the collector with the active fixture ($global:VmmFixture). #>
    $module = 'VmmAssess.Collector'
    Mock -ModuleName $module Get-SCVMMServer { Resolve-FixtureValue $global:VmmFixture.Server }
    Mock -ModuleName $module Get-SCVMHost { Resolve-FixtureValue $global:VmmFixture.Hosts }
    Mock -ModuleName $module Get-SCVirtualizationManager { Resolve-FixtureValue $global:VmmFixture.VirtualizationManagers }
    Mock -ModuleName $module Get-SCLibraryServer { Resolve-FixtureValue $global:VmmFixture.LibraryServers }
    Mock -ModuleName $module Get-SCLoadBalancer { Resolve-FixtureValue $global:VmmFixture.LoadBalancers }
    Mock -ModuleName $module Get-SCOpsMgrConnection { Resolve-FixtureValue $global:VmmFixture.OpsMgrConnections }
    Mock -ModuleName $module Get-SCPROMonitorConfiguration { Resolve-FixtureValue $global:VmmFixture.ProMonitorConfigurations }
    Mock -ModuleName $module Get-SCJob { Resolve-FixtureValue $global:VmmFixture.Jobs }
    Mock -ModuleName $module Get-SCServiceTemplate { @($global:VmmFixture.ServiceTemplates | Where-Object { $null -ne $_ } | ForEach-Object { $_.Template }) }
    Mock -ModuleName $module Get-SCComputerTierTemplate {
        foreach ($entry in @($global:VmmFixture.ServiceTemplates | Where-Object { $null -ne $_ })) { if ([object]::ReferenceEquals($entry.Template, $ServiceTemplate)) { $entry.Tiers } }
    }
    Mock -ModuleName $module Get-SCApplicationDeployment { Resolve-FixtureValue $global:VmmFixture.ApplicationDeployments[$ApplicationProfile.Name] }

    Mock -ModuleName $module New-CimSession {
        $name = @($ComputerName)[0]
        $computer = $global:VmmFixture.Computers[$name]
        if ($null -eq $computer) { throw "WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer." }
        if ($computer.Session -eq 'AccessDenied') { throw (New-Object System.UnauthorizedAccessException('Access is denied. ')) }
        [pscustomobject]@{ PSTypeName = 'Microsoft.Management.Infrastructure.CimSession'; ComputerName = $name; Protocol = 'WSMAN'; Id = 1 }
    }
    Mock -ModuleName $module Remove-CimSession { }
    Mock -ModuleName $module Get-CimInstance {
        $computer = $global:VmmFixture.Computers[@($CimSession)[0].ComputerName]
        switch ($ClassName) {
            'Win32_OperatingSystem' { $computer.OperatingSystem }
            'Win32_ComputerSystem' { $computer.ComputerSystem }
            'Win32_Service' {
                if ($Filter -notmatch "^Name='([^']+)'$") { throw "Unexpected Win32_Service filter $Filter" }
                $computer.Services[$Matches[1]]
            }
            default { throw "Invalid class $ClassName" }
        }
    }
    Mock -ModuleName $module Invoke-CimMethod {
        if ($ClassName -ne 'StdRegProv' -or $Namespace -ne 'root/default') { throw "Unexpected CIM method $Namespace/$ClassName.$MethodName" }
        if ($MethodName -notin @('GetStringValue', 'GetMultiStringValue', 'EnumKey', 'GetDWORDValue')) { throw "The collector must not call StdRegProv.$MethodName" }
        if ([uint32]$Arguments['hDefKey'] -ne [uint32]2147483650) { throw 'Only HKEY_LOCAL_MACHINE is expected.' }
        $computer = $global:VmmFixture.Computers[@($CimSession)[0].ComputerName]
        $key = $computer.Registry[[string]$Arguments['sSubKeyName']]
        if ($null -eq $key) { return [pscustomobject]@{ ReturnValue = [uint32]2 } }
        if ($key.ContainsKey('ReturnValue')) { return [pscustomobject]@{ ReturnValue = [uint32]$key.ReturnValue } }
        switch ($MethodName) {
            'EnumKey' { [pscustomobject]@{ ReturnValue = [uint32]0; sNames = [string[]]@($key.SubKeys) } }
            default {
                $valueName = [string]$Arguments['sValueName']
                if (-not $key.Values.ContainsKey($valueName)) { return [pscustomobject]@{ ReturnValue = [uint32]2 } }
                [pscustomobject]@{ ReturnValue = [uint32]0; sValue = $key.Values[$valueName] }
            }
        }
    }
    Mock -ModuleName $module Get-WSManInstance {
        $computer = $global:VmmFixture.Computers[$ComputerName]
        if ($null -eq $computer -or $computer.Session -eq 'AccessDenied') { throw 'Access is denied.' }
        if ($null -eq $computer.WinRm) { throw 'The WinRM client cannot process the request.' }
        $computer.WinRm
    }
    Mock -ModuleName $module Get-Cluster {
        $entry = $global:VmmFixture.Clusters[$Name]
        if ($null -eq $entry) { throw "The cluster service is not running on '$Name'." }
        $entry.Cluster
    }
    Mock -ModuleName $module Get-ClusterNode {
        foreach ($entry in $global:VmmFixture.Clusters.Values) { if ($entry.Cluster.Name -eq $Cluster) { $entry.Nodes } }
    }
    Mock -ModuleName $module Get-ClusterResource {
        foreach ($entry in $global:VmmFixture.Clusters.Values) { if ($entry.Cluster.Name -eq $Cluster) { $entry.Resources } }
    }
    Mock -ModuleName $module Invoke-VmmSqlQuery {
        $sql = $global:VmmFixture.Sql
        if ($Query -match 'SERVERPROPERTY') { return (Resolve-FixtureValue $sql.ServerProperties) }
        if ($Query -match 'group_database_id') { return (Resolve-FixtureValue $sql.AvailabilityGroup) }
        if ($Query -match 'dm_hadr_cluster') { return (Resolve-FixtureValue $sql.HadrCluster) }
        if ($Query -match 'backupset') { return (Resolve-FixtureValue $sql.LastFullBackup) }
        throw "Unexpected query: $Query"
    }
}

function Invoke-CollectorScenario {
    <# Runs Get-VmmAssessmentSnapshot against the active fixture. #>
    param([string] $TargetVersion = '2022', [hashtable] $Extra = @{})
    $parameters = @{
        VMMServer     = $global:VmmFixture.VMMServer
        TenantId      = 'contoso'
        EnvironmentId = 'scenario-' + $global:VmmFixture.Name
        TargetVersion = $TargetVersion
    }
    foreach ($key in $Extra.Keys) { $parameters[$key] = $Extra[$key] }
    # The tests run on PowerShell 7, where the command warns that collection is supported on 5.1 only.
    return (Get-VmmAssessmentSnapshot @parameters -WarningAction SilentlyContinue)
}
