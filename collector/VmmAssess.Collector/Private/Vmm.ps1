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
            $version = Get-CollectorEsxVersion -VMHost $vmHost -HostName $name -ErrorList $ErrorList
            $vCenter = Get-CollectorObjectName (Get-CollectorPropertyValue $vmHost 'VirtualizationManager')
        }
        elseif ($platform -eq 'HyperV') {
            $facts = Get-CollectorWindowsFacts -ComputerName $name -Credential $Credential -ErrorList $ErrorList -Include Os
            $os = $facts.os
            if ($null -eq $os) { $os = ConvertTo-CollectorVmmHostOs -VMHost $vmHost }
            $osText = $null
            if ($null -ne $os) { $osText = '{0} {1} ({2})' -f $os.caption, $os.build, $os.installationType }
            Add-CollectorTrace -Source 'vmm:Get-SCVMHost' -Target $name -Item 'OperatingSystem (VMM), Win32_OperatingSystem (CIM)' -RawValue ('{0}, {1}' -f (Get-CollectorObjectName $operatingSystem), $osText) -Interpretation 'hosts[].os from CIM'
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

function ConvertTo-CollectorVmmHostOs {
    <#
    .SYNOPSIS
        The operating system of a Hyper-V host as VMM reports it, for when CIM cannot reach the host: the documented
        OperatingSystem (its name is the caption) and OperatingSystemVersion (undocumented; used only when it is a
        plausible Windows build such as 10.0.17763). The installation type is not known this way.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $VMHost)
    $caption = Get-CollectorObjectName (Get-CollectorPropertyValue $VMHost 'OperatingSystem')
    $version = ConvertTo-CollectorVersion (Get-CollectorPropertyValue $VMHost 'OperatingSystemVersion')
    if (-not $caption -or $null -eq $version) { return $null }
    if ($version.Major -lt 6 -or $version.Major -gt 10 -or $version.Build -lt 7600) { return $null }
    return [pscustomobject][ordered]@{
        caption          = $caption
        build            = ('{0}.{1}.{2}' -f $version.Major, $version.Minor, $version.Build)
        installationType = $null
    }
}

function Get-CollectorEsxVersion {
    <#
    .SYNOPSIS
        The ESX(i) version of a VMM host: from the operating system name VMM shows ("VMware ESXi 5.5.0 build-1331820"),
        else from OperatingSystemVersion when it is plausible. Neither is documented by Microsoft, so an implausible
        value is recorded as a collection error instead of being emitted.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $VMHost,
        [Parameter(Mandatory = $true)] [string] $HostName,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList
    )
    $operatingSystemName = Get-CollectorObjectName (Get-CollectorPropertyValue $VMHost 'OperatingSystem')
    $rawVersion = Get-CollectorPropertyValue $VMHost 'OperatingSystemVersion'
    $version = $null
    if ($operatingSystemName) {
        $match = [regex]::Match($operatingSystemName, 'ESXi?\s+(\d+\.\d+(\.\d+)?)', [System.Text.RegularExpressions.RegexOptions]::IgnoreCase)
        if ($match.Success) { $version = $match.Groups[1].Value }
    }
    if ($null -eq $version -and $null -ne $rawVersion) {
        $parsed = ConvertTo-CollectorVersion $rawVersion
        # ESX releases are 3.x to 9.x with an update number below 10; 0.0 or a build number in the third place is not a version.
        if ($null -ne $parsed -and $parsed.Major -ge 3 -and $parsed.Major -le 20 -and $parsed.Minor -lt 10 -and $parsed.Build -ge 0 -and $parsed.Build -lt 10) {
            $version = '{0}.{1}.{2}' -f $parsed.Major, $parsed.Minor, $parsed.Build
        }
        elseif ($null -ne $parsed -and $parsed.Major -ge 3 -and $parsed.Major -le 20 -and $parsed.Minor -lt 10 -and $parsed.Build -lt 0) {
            $version = '{0}.{1}' -f $parsed.Major, $parsed.Minor
        }
    }
    if ($null -eq $version) {
        Add-CollectionError -ErrorList $ErrorList -Source 'vmm:Get-SCVMHost' -Target $HostName -Message ("The ESX version could not be read: OperatingSystem is '{0}' and OperatingSystemVersion is '{1}', neither looks like an ESX version." -f $operatingSystemName, $rawVersion)
    }
    Add-CollectorTrace -Source 'vmm:Get-SCVMHost' -Target $HostName -Item 'OperatingSystem, OperatingSystemVersion' -RawValue ('{0}, {1}' -f $operatingSystemName, $rawVersion) -Interpretation ('hosts[].version = ' + $version)
    return $version
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
        $rawVersion = Get-CollectorPropertyValue $manager 'Version'
        $items.Add([pscustomobject][ordered]@{
                name    = $name
                version = (ConvertTo-ProductVersionText $rawVersion)
            })
        Add-CollectorTrace -Source 'vmm:Get-SCVirtualizationManager' -Target $name -Item 'Version' -RawValue $rawVersion -Interpretation ('vCenters[].version = ' + (ConvertTo-ProductVersionText $rawVersion))
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
    # A clustered library file server may also be listed through its nodes (IsClusterNode). Those entries are the
    # same library: reporting them as separate non-HA libraries would fail a correctly built HA library.
    $hasClusteredLibrary = @($libraries | Where-Object { (ConvertTo-CollectorBool (Get-CollectorPropertyValue $_ 'IsVirtualClusterName')) -eq $true }).Count -gt 0
    $items = New-Object System.Collections.Generic.List[object]
    foreach ($library in $libraries) {
        $name = Get-CollectorObjectName (Get-CollectorPropertyValue $library 'FQDN', 'ComputerName', 'Name')
        if (-not $name) { continue }
        $isClusterNode = ConvertTo-CollectorBool (Get-CollectorPropertyValue $library 'IsClusterNode')
        $isVirtualName = ConvertTo-CollectorBool (Get-CollectorPropertyValue $library 'IsVirtualClusterName')
        Add-CollectorTrace -Source 'vmm:Get-SCLibraryServer' -Target $name -Item 'IsClusterNode, IsVirtualClusterName' -RawValue ('{0}, {1}' -f $isClusterNode, $isVirtualName) -Interpretation $(if ($isClusterNode -eq $true -and $isVirtualName -ne $true -and $hasClusteredLibrary) { 'cluster node of a clustered library: not listed separately' } else { 'highlyAvailable = ' + $isVirtualName })
        if ($isClusterNode -eq $true -and $isVirtualName -ne $true -and $hasClusteredLibrary) {
            Write-Verbose "Library server $name is a node of a clustered library server; it is reported through the cluster's name."
            continue
        }
        $facts = Get-CollectorWindowsFacts -ComputerName $name -Credential $Credential -ErrorList $ErrorList -Include Os
        $highlyAvailable = $isVirtualName
        if ($isClusterNode -eq $true -and $isVirtualName -ne $true) {
            # A cluster node listed without its clustered role: whether the library is highly available is unknown.
            $highlyAvailable = $null
            Add-CollectionError -ErrorList $ErrorList -Source 'vmm:Get-SCLibraryServer' -Target $name -Message 'The library server is a failover cluster node but no clustered library role is listed; whether the library is highly available is unknown.'
        }
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
        Get-SCPROMonitorConfiguration -VMMServerScope (number of server-wide PRO monitor configurations).
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
    Add-CollectorTrace -Source 'vmm:Get-SCOpsMgrConnection' -Target $ServerName -Item 'OpsMgrServerName, PROEnabled' -RawValue ('{0}, {1}' -f (Get-CollectorPropertyValue $omConnection 'OpsMgrServerName', 'OpsMgrServer', 'ServerName'), (Get-CollectorPropertyValue $omConnection 'PROEnabled')) -Interpretation ('proEnabled = ' + $proEnabled)
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
        if ($null -ne $configurations) {
            $proConfigurations = $configurations.Count
            Add-CollectorTrace -Source 'vmm:Get-SCPROMonitorConfiguration' -Target $ServerName -Item 'Get-SCPROMonitorConfiguration -VMMServerScope' -RawValue @($configurations) -Interpretation ('proConfigurations = ' + $proConfigurations)
        }
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

function Test-CollectorServerAppVDeployment {
    <#
    .SYNOPSIS
        $true when an application deployment is a Server App-V one, $false when it is another kind, $null when the
        object says neither. Microsoft documents the -ServerAppV parameter set of Add-SCApplicationDeployment (VMM 2012
        R2) but no property that marks the deployment afterwards, so several candidates are read.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Deployment)
    $kind = Get-CollectorPropertyValue $Deployment 'ApplicationType', 'DeploymentType', 'Type', 'PackageType'
    if ($null -ne $kind) {
        $text = [string]$kind
        if ($text -match 'App-?V') { return $true }
        if ($text -match 'WebDeploy|Web|SqlDac|DAC|Script|SQL') { return $false }
    }
    $package = Get-CollectorPropertyValue $Deployment 'ApplicationPackage', 'Package'
    $packagePath = Get-CollectorPropertyValue $package 'SharePath', 'Name'
    if ($null -eq $packagePath) { $packagePath = Get-CollectorPropertyValue $Deployment 'SharePath' }
    if ($null -ne $packagePath) {
        if ([string]$packagePath -match '\.(sft|appv)$') { return $true }
        if ([string]$packagePath -match '\.(zip|dacpac|ps1|cmd|bat|msi|exe)$') { return $false }
    }
    return $null
}

function Get-CollectorServerAppVCount {
    <#
    .SYNOPSIS
        Counts the service templates that deploy a Server App-V application: Get-SCServiceTemplate -All, then per
        template Get-SCComputerTierTemplate -ServiceTemplate, the tier's application profile, and
        Get-SCApplicationDeployment -ApplicationProfile. $null (with a collection error) when a step fails or a
        deployment cannot be classified.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [object] $Connection,
        [Parameter(Mandatory = $true)] [string] $ServerName,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList
    )
    $templates = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'vmm:Get-SCServiceTemplate' -Target $ServerName -ScriptBlock {
        Get-SCServiceTemplate -VMMServer $Connection -All -ErrorAction Stop
    }
    if ($null -eq $templates) { return $null }
    $count = 0
    $unclassified = New-Object System.Collections.Generic.List[string]
    foreach ($template in $templates) {
        $templateName = Get-CollectorObjectName (Get-CollectorPropertyValue $template 'Name')
        $tiers = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'vmm:Get-SCComputerTierTemplate' -Target $templateName -ScriptBlock {
            Get-SCComputerTierTemplate -VMMServer $Connection -ServiceTemplate $template -ErrorAction Stop
        }
        if ($null -eq $tiers) { return $null }
        $usesAppV = $false
        foreach ($tier in $tiers) {
            $applicationProfile = Get-CollectorPropertyValue $tier 'ApplicationProfile'
            if ($null -eq $applicationProfile) { $applicationProfile = Get-CollectorPropertyValue (Get-CollectorPropertyValue $tier 'VMTemplate') 'ApplicationProfile' }
            if ($null -eq $applicationProfile) { continue }
            $deployments = Invoke-CollectorListStep -ErrorList $ErrorList -Source 'vmm:Get-SCApplicationDeployment' -Target $templateName -ScriptBlock {
                Get-SCApplicationDeployment -VMMServer $Connection -ApplicationProfile $applicationProfile -ErrorAction Stop
            }
            if ($null -eq $deployments) { return $null }
            foreach ($deployment in $deployments) {
                $isAppV = Test-CollectorServerAppVDeployment -Deployment $deployment
                $deploymentName = Get-CollectorObjectName (Get-CollectorPropertyValue $deployment 'Name')
                Add-CollectorTrace -Source 'vmm:Get-SCApplicationDeployment' -Target $templateName -Item ('deployment {0}: ApplicationType/DeploymentType/Type, package' -f $deploymentName) -RawValue ('{0}, {1}' -f (Get-CollectorPropertyValue $deployment 'ApplicationType', 'DeploymentType', 'Type', 'PackageType'), (Get-CollectorPropertyValue (Get-CollectorPropertyValue $deployment 'ApplicationPackage', 'Package') 'SharePath', 'Name')) -Interpretation ('Server App-V = ' + $isAppV)
                if ($isAppV -eq $true) { $usesAppV = $true }
                elseif ($null -eq $isAppV) { $unclassified.Add(('{0} / {1}' -f $templateName, $deploymentName)) }
            }
        }
        if ($usesAppV) { $count++ }
    }
    if ($unclassified.Count -gt 0) {
        Add-CollectionError -ErrorList $ErrorList -Source 'vmm:Get-SCApplicationDeployment' -Target $ServerName -Message ('Whether these application deployments use Server App-V could not be told from their properties: {0}. Run Test-VmmAssessmentCollection and attach its file to a support request.' -f ($unclassified -join '; '))
        return $null
    }
    return $count
}
