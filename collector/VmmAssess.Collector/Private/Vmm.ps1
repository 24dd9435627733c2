# Builders for the VMM-derived parts of the snapshot. Every VMM cmdlet used here is a Get-* (read-only) cmdlet
# of the VirtualMachineManager module: https://learn.microsoft.com/powershell/module/virtualmachinemanager/

function Test-VmmCmdletAvailable {
    [CmdletBinding()]
    param()
    return ($null -ne (Get-Command -Name 'Get-SCVMMServer' -ErrorAction SilentlyContinue))
}

function Connect-CollectorVmmServer {
    <#
    .SYNOPSIS
        Loads the VirtualMachineManager module when needed and connects with Get-SCVMMServer.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $ComputerName,
        [AllowNull()] [System.Management.Automation.PSCredential] $Credential,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList
    )
    if (-not (Test-VmmCmdletAvailable)) {
        $loaded = Invoke-CollectorStep -ErrorList $ErrorList -Source 'vmm:module' -Target $ComputerName -ScriptBlock {
            Import-Module -Name 'VirtualMachineManager' -ErrorAction Stop -Verbose:$false
            $true
        }
        if (-not $loaded) { return $null }
    }
    return (Invoke-CollectorStep -ErrorList $ErrorList -Source 'vmm:Get-SCVMMServer' -Target $ComputerName -ScriptBlock {
            $parameters = @{ ComputerName = $ComputerName; ErrorAction = 'Stop' }
            if ($null -ne $Credential) { $parameters['Credential'] = $Credential }
            Get-SCVMMServer @parameters | Select-Object -First 1
        })
}

function Get-CollectorHostPart {
    <#
    .SYNOPSIS
        Builds hosts[] from Get-SCVMHost (Name/FQDN, VirtualizationPlatform, HostCluster, VirtualizationManager,
        OperatingSystem) plus Win32_OperatingSystem over CIM for Hyper-V hosts.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Connection,
        [Parameter(Mandatory = $true)] [string] $ServerName,
        [AllowNull()] [System.Management.Automation.PSCredential] $Credential,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList
    )
    $vmHosts = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'vmm:Get-SCVMHost' -Target $ServerName -ScriptBlock {
        Get-SCVMHost -VMMServer $Connection -ErrorAction Stop
    }
    if ($null -eq $vmHosts) { return $null }
    $items = New-Object System.Collections.Generic.List[object]
    foreach ($vmHost in $vmHosts) {
        $name = Get-CollectorObjectName (Get-CollectorPropertyValue $vmHost 'FQDN', 'ComputerName', 'Name')
        if (-not $name) { continue }
        $platform = ConvertTo-HostPlatform (Get-CollectorPropertyValue $vmHost 'VirtualizationPlatform')
        $operatingSystem = Get-CollectorPropertyValue $vmHost 'OperatingSystem'
        $version = $null
        $os = $null
        $vCenter = $null
        if ($platform -eq 'VMwareESX') {
            # VMM shows an ESX host's product as its operating system, e.g. "VMware ESXi 5.5.0 build-1331820".
            $version = ConvertTo-ProductVersionText (Get-CollectorPropertyValue $vmHost 'OperatingSystemVersion')
            if ($null -eq $version) { $version = ConvertTo-ProductVersionText (Get-CollectorObjectName $operatingSystem) }
            if ($null -eq $version) { $version = ConvertTo-ProductVersionText (Get-CollectorPropertyValue $operatingSystem 'Version') }
            $vCenter = Get-CollectorObjectName (Get-CollectorPropertyValue $vmHost 'VirtualizationManager')
        }
        elseif ($platform -eq 'HyperV') {
            $facts = Get-CollectorWindowsFacts -ComputerName $name -Credential $Credential -ErrorList $ErrorList -Include Os
            $os = $facts.os
        }
        elseif ($platform -eq 'XenServer') {
            $version = ConvertTo-ProductVersionText (Get-CollectorObjectName $operatingSystem)
        }
        $items.Add([pscustomobject][ordered]@{
                name     = $name
                platform = $platform
                version  = $version
                os       = $os
                cluster  = (Get-CollectorObjectName (Get-CollectorPropertyValue $vmHost 'HostCluster'))
                vCenter  = $vCenter
            })
    }
    return , $items.ToArray()
}

function Get-CollectorVCenterPart {
    <#
    .SYNOPSIS
        Builds vCenters[] from Get-SCVirtualizationManager (Name/ComputerName, Version).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Connection,
        [Parameter(Mandatory = $true)] [string] $ServerName,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList
    )
    $managers = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'vmm:Get-SCVirtualizationManager' -Target $ServerName -ScriptBlock {
        Get-SCVirtualizationManager -VMMServer $Connection -ErrorAction Stop
    }
    if ($null -eq $managers) { return $null }
    $items = New-Object System.Collections.Generic.List[object]
    foreach ($manager in $managers) {
        $name = Get-CollectorObjectName (Get-CollectorPropertyValue $manager 'FQDN', 'ComputerName', 'Name')
        if (-not $name) { continue }
        $items.Add([pscustomobject][ordered]@{
                name    = $name
                version = (ConvertTo-ProductVersionText (Get-CollectorPropertyValue $manager 'Version'))
            })
    }
    return , $items.ToArray()
}

function Get-CollectorLibraryPart {
    <#
    .SYNOPSIS
        Builds libraryServers[] from Get-SCLibraryServer (Name/FQDN, IsVirtualClusterName), Win32_OperatingSystem
        over CIM, and for clustered libraries the failover-cluster cmdlets Get-Cluster / Get-ClusterResource
        (a "Scale Out File Server" resource type marks a Scale-Out File Server role).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Connection,
        [Parameter(Mandatory = $true)] [string] $ServerName,
        [AllowNull()] [System.Management.Automation.PSCredential] $Credential,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList
    )
    $libraries = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'vmm:Get-SCLibraryServer' -Target $ServerName -ScriptBlock {
        Get-SCLibraryServer -VMMServer $Connection -ErrorAction Stop
    }
    if ($null -eq $libraries) { return $null }
    $items = New-Object System.Collections.Generic.List[object]
    foreach ($library in $libraries) {
        $name = Get-CollectorObjectName (Get-CollectorPropertyValue $library 'FQDN', 'ComputerName', 'Name')
        if (-not $name) { continue }
        $facts = Get-CollectorWindowsFacts -ComputerName $name -Credential $Credential -ErrorList $ErrorList -Include Os
        $highlyAvailable = ConvertTo-CollectorBool (Get-CollectorPropertyValue $library 'IsVirtualClusterName')
        $clusterName = $null
        $isScaleOut = $null
        if ($highlyAvailable -eq $true) {
            $cluster = Invoke-CollectorStep -ErrorList $ErrorList -Source 'cluster:Get-Cluster' -Target $name -ScriptBlock {
                Get-Cluster -Name $name -ErrorAction Stop | Select-Object -First 1
            }
            $clusterName = Get-CollectorObjectName $cluster
            if ($clusterName) {
                $resources = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'cluster:Get-ClusterResource' -Target $clusterName -ScriptBlock {
                    Get-ClusterResource -Cluster $clusterName -ErrorAction Stop
                }
                if ($null -ne $resources) {
                    $isScaleOut = $false
                    foreach ($resource in $resources) {
                        $type = Get-CollectorObjectName (Get-CollectorPropertyValue $resource 'ResourceType')
                        $group = Get-CollectorObjectName (Get-CollectorPropertyValue $resource 'OwnerGroup')
                        if ($type -eq 'Scale Out File Server' -and (Test-CollectorSameComputer $group $name)) { $isScaleOut = $true }
                    }
                }
            }
        }
        elseif ($highlyAvailable -eq $false) {
            $isScaleOut = $false
        }
        $items.Add([pscustomobject][ordered]@{
                name                 = $name
                os                   = $facts.os
                highlyAvailable      = $highlyAvailable
                isScaleOutFileServer = $isScaleOut
                clusterName          = $clusterName
            })
    }
    return , $items.ToArray()
}

function Get-CollectorOperationsManagerPart {
    <#
    .SYNOPSIS
        Builds operationsManager from Get-SCOpsMgrConnection (OpsMgrServerName, PROEnabled) and
        Get-SCPROMonitorConfiguration (number of PRO monitor configurations).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Connection,
        [Parameter(Mandatory = $true)] [string] $ServerName,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList
    )
    $connections = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'vmm:Get-SCOpsMgrConnection' -Target $ServerName -ScriptBlock {
        Get-SCOpsMgrConnection -VMMServer $Connection -ErrorAction Stop
    }
    if ($null -eq $connections) { return $null }
    if ($connections.Count -eq 0) {
        return [pscustomobject][ordered]@{ connected = $false; server = $null; proEnabled = $false; proConfigurations = 0 }
    }
    $omConnection = $connections[0]
    $proEnabled = ConvertTo-CollectorBool (Get-CollectorPropertyValue $omConnection 'PROEnabled', 'EnablePRO', 'IsPROEnabled')
    $proConfigurations = $null
    if ($proEnabled -eq $false) {
        $proConfigurations = 0
    }
    else {
        $configurations = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'vmm:Get-SCPROMonitorConfiguration' -Target $ServerName -ScriptBlock {
            # Every documented parameter set needs a scope; -VMMServerScope is the server-wide one. Without it the
            # cmdlet fails unattended and stops to prompt for -VMHostGroup in an interactive console.
            Get-SCPROMonitorConfiguration -VMMServer $Connection -VMMServerScope -ErrorAction Stop
        }
        if ($null -ne $configurations) { $proConfigurations = $configurations.Count }
    }
    return [pscustomobject][ordered]@{
        connected         = $true
        server            = (Get-CollectorObjectName (Get-CollectorPropertyValue $omConnection 'OpsMgrServerName', 'OpsMgrServer', 'ServerName'))
        proEnabled        = $proEnabled
        proConfigurations = $proConfigurations
    }
}

function Get-CollectorClusterPart {
    <#
    .SYNOPSIS
        Builds cluster (highly available VMM only) with Get-Cluster / Get-ClusterNode from the FailoverClusters module.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $NodeName,
        [string[]] $KnownNodes = @(),
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList
    )
    $fallbackNodes = $null
    if (@($KnownNodes).Count -gt 0) { $fallbackNodes = @($KnownNodes) }
    $cluster = Invoke-CollectorStep -ErrorList $ErrorList -Source 'cluster:Get-Cluster' -Target $NodeName -ScriptBlock {
        Get-Cluster -Name $NodeName -ErrorAction Stop | Select-Object -First 1
    }
    $clusterName = Get-CollectorObjectName $cluster
    if (-not $clusterName) {
        return [pscustomobject][ordered]@{ name = $null; exists = $null; nodes = $fallbackNodes }
    }
    $nodes = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'cluster:Get-ClusterNode' -Target $clusterName -ScriptBlock {
        Get-ClusterNode -Cluster $clusterName -ErrorAction Stop
    }
    $nodeNames = $fallbackNodes
    if ($null -ne $nodes) { $nodeNames = @($nodes | ForEach-Object { Get-CollectorObjectName $_ } | Where-Object { $_ }) }
    return [pscustomobject][ordered]@{ name = $clusterName; exists = $true; nodes = $nodeNames }
}
