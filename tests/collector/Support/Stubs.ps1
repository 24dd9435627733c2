# Stand-ins for commands that do not exist on the test machine (the VirtualMachineManager module, the CIM and
# WS-Management cmdlets on Linux, the FailoverClusters module). Pester can only mock commands that exist, so
# these are defined (globally, only when missing) and then mocked by the tests. A stub that is called without a
# mock throws.
#
# The VMM and failover-cluster stubs declare the parameter sets of Microsoft's cmdlet reference, mandatory
# parameters included (VMM 2016 reference, MicrosoftDocs/systemcenter-docs-powershell, and
# https://learn.microsoft.com/powershell/module/failoverclusters/). Pester's mocks copy these parameter sets, so a
# call that no documented set accepts fails in the tests as it would on a real VMM server, and
# Support/ParameterSets.ps1 checks every call in the module's source against them without running it.
# Only the parameters the collector could plausibly use are listed; the sets and their mandatory parameters are
# complete.

$script:CollectorStubNames = New-Object System.Collections.Generic.List[string]

function Register-CollectorStub {
    param([string] $Name, [string] $ParameterBlock)
    if (Get-Command -Name $Name -ErrorAction SilentlyContinue) { return }
    $body = $ParameterBlock + "`n" + 'throw "Test stub ''$($MyInvocation.MyCommand.Name)'' was called without a mock."'
    Set-Item -Path ("function:global:{0}" -f $Name) -Value ([scriptblock]::Create($body))
    $script:CollectorStubNames.Add($Name)
}

# --- VirtualMachineManager module (https://learn.microsoft.com/powershell/module/virtualmachinemanager/) ---------

# Get-SCVMMServer [-ComputerName] <String> [-TCPPort <UInt32>] [-Credential <VMMCredential>] [-UserRoleName <String>]
#   [-UserRoleID <Guid>] [-ForOnBehalfOf] [-SetAsDefault]
Register-CollectorStub 'Get-SCVMMServer' @'
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true, Position = 0)] [string] $ComputerName,
    [uint32] $TCPPort,
    [pscredential] $Credential,
    [string] $UserRoleName,
    [guid] $UserRoleID,
    [switch] $ForOnBehalfOf,
    [switch] $SetAsDefault
)
'@

# Get-SCVMHost: Connection (default) [-VMMServer] [[-ComputerName] <String>] [-ID <Guid>];
#   VMHostGroup -VMHostGroup <HostGroup>; VM -VM <VM>
Register-CollectorStub 'Get-SCVMHost' @'
[CmdletBinding(DefaultParameterSetName = 'Connection')]
param(
    [Parameter(ParameterSetName = 'Connection')] [Parameter(ParameterSetName = 'VMHostGroup')] [Parameter(ParameterSetName = 'VM')] [object] $VMMServer,
    [Parameter(ParameterSetName = 'Connection', Position = 0)] [string] $ComputerName,
    [Parameter(ParameterSetName = 'Connection')] [guid] $ID,
    [Parameter(ParameterSetName = 'VMHostGroup', Mandatory = $true)] [object] $VMHostGroup,
    [Parameter(ParameterSetName = 'VM', Mandatory = $true)] [object] $VM
)
'@

# Get-SCVirtualizationManager [-VMMServer <ServerConnection>] [[-ComputerName] <String>]
Register-CollectorStub 'Get-SCVirtualizationManager' @'
[CmdletBinding()]
param([object] $VMMServer, [Parameter(Position = 0)] [string] $ComputerName)
'@

# Get-SCLibraryServer [-VMMServer <ServerConnection>] [[-ComputerName] <String>] [-ID <Guid>]
Register-CollectorStub 'Get-SCLibraryServer' @'
[CmdletBinding()]
param([object] $VMMServer, [Parameter(Position = 0)] [string] $ComputerName, [guid] $ID)
'@

# Get-SCLoadBalancer: GlobalList (default) [-VMMServer] [[-LoadBalancerAddress] <String>] [-Manufacturer <String>]
#   [-Model <String>] [-All]; ID -ID <Guid>
Register-CollectorStub 'Get-SCLoadBalancer' @'
[CmdletBinding(DefaultParameterSetName = 'GlobalList')]
param(
    [Parameter(ParameterSetName = 'GlobalList')] [Parameter(ParameterSetName = 'ID')] [object] $VMMServer,
    [Parameter(ParameterSetName = 'GlobalList', Position = 0)] [string] $LoadBalancerAddress,
    [Parameter(ParameterSetName = 'GlobalList')] [string] $Manufacturer,
    [Parameter(ParameterSetName = 'GlobalList')] [string] $Model,
    [Parameter(ParameterSetName = 'GlobalList')] [switch] $All,
    [Parameter(ParameterSetName = 'ID', Mandatory = $true)] [guid] $ID
)
'@

# Get-SCOpsMgrConnection [-VMMServer <ServerConnection>] [-Connect] [-RunAsynchronously] [-PROTipID <Guid>] [-JobVariable <String>]
Register-CollectorStub 'Get-SCOpsMgrConnection' @'
[CmdletBinding()]
param([object] $VMMServer, [switch] $Connect, [switch] $RunAsynchronously, [guid] $PROTipID, [string] $JobVariable)
'@

# Get-SCPROMonitorConfiguration: every set needs a scope. HostGroup (default) -VMHostGroup; Cloud -Cloud;
#   HostCluster -VMHostCluster; Service -Service; VMMServer -VMMServerScope (Required: True); VMHost -VMHost; VM -VM;
#   ComputerTier -ComputerTier. [-VMMServer] and [-PROMonitor] in all sets.
Register-CollectorStub 'Get-SCPROMonitorConfiguration' @'
[CmdletBinding(DefaultParameterSetName = 'HostGroup')]
param(
    [object] $VMMServer,
    [object] $PROMonitor,
    [Parameter(ParameterSetName = 'HostGroup', Mandatory = $true)] [object] $VMHostGroup,
    [Parameter(ParameterSetName = 'Cloud', Mandatory = $true)] [object] $Cloud,
    [Parameter(ParameterSetName = 'HostCluster', Mandatory = $true)] [object] $VMHostCluster,
    [Parameter(ParameterSetName = 'Service', Mandatory = $true)] [object] $Service,
    [Parameter(ParameterSetName = 'VMMServer', Mandatory = $true)] [switch] $VMMServerScope,
    [Parameter(ParameterSetName = 'VMHost', Mandatory = $true)] [object] $VMHost,
    [Parameter(ParameterSetName = 'VM', Mandatory = $true)] [object] $VM,
    [Parameter(ParameterSetName = 'ComputerTier', Mandatory = $true)] [object] $ComputerTier
)
'@

# Get-SCJob: NewestJobs (default) [[-Name]] [-Full] [-Newest <Int32>] [-Job] [-ID]; AllJobs -All (Required: True)
#   [-Full] [-Job] [-ID]; RunningJobs -Running (Required: True). [-VMMServer], [[-Name]] in all sets.
Register-CollectorStub 'Get-SCJob' @'
[CmdletBinding(DefaultParameterSetName = 'NewestJobs')]
param(
    [object] $VMMServer,
    [Parameter(Position = 0)] [string] $Name,
    [Parameter(ParameterSetName = 'NewestJobs')] [Parameter(ParameterSetName = 'AllJobs')] [switch] $Full,
    [Parameter(ParameterSetName = 'NewestJobs')] [int] $Newest,
    [Parameter(ParameterSetName = 'NewestJobs')] [Parameter(ParameterSetName = 'AllJobs')] [object] $Job,
    [Parameter(ParameterSetName = 'NewestJobs')] [Parameter(ParameterSetName = 'AllJobs')] [guid] $ID,
    [Parameter(ParameterSetName = 'AllJobs', Mandatory = $true)] [switch] $All,
    [Parameter(ParameterSetName = 'RunningJobs', Mandatory = $true)] [switch] $Running
)
'@

# Get-SCServiceTemplate: All (default) [-VMMServer] [[-Name] <String>] [-All]; ID [[-Name]] [-ID <Guid>]
Register-CollectorStub 'Get-SCServiceTemplate' @'
[CmdletBinding(DefaultParameterSetName = 'All')]
param(
    [object] $VMMServer,
    [Parameter(Position = 0)] [string] $Name,
    [Parameter(ParameterSetName = 'All')] [switch] $All,
    [Parameter(ParameterSetName = 'ID')] [guid] $ID
)
'@

# Get-SCComputerTierTemplate: Name (default) [-Name]; ServiceTemplate [-Name] -ServiceTemplate <ServiceTemplate>; All [-All]; ID [-ID]
Register-CollectorStub 'Get-SCComputerTierTemplate' @'
[CmdletBinding(DefaultParameterSetName = 'Name')]
param(
    [object] $VMMServer,
    [Parameter(ParameterSetName = 'Name')] [Parameter(ParameterSetName = 'ServiceTemplate')] [string] $Name,
    [Parameter(ParameterSetName = 'ServiceTemplate', Mandatory = $true)] [object] $ServiceTemplate,
    [Parameter(ParameterSetName = 'All')] [switch] $All,
    [Parameter(ParameterSetName = 'ID')] [guid] $ID
)
'@

# Get-SCApplicationDeployment: AP (default) -ApplicationProfile <ApplicationProfile> (Required: True) [-Name]; ID -ID <Guid>
Register-CollectorStub 'Get-SCApplicationDeployment' @'
[CmdletBinding(DefaultParameterSetName = 'AP')]
param(
    [object] $VMMServer,
    [Parameter(ParameterSetName = 'AP', Mandatory = $true)] [object] $ApplicationProfile,
    [Parameter(ParameterSetName = 'AP')] [string] $Name,
    [Parameter(ParameterSetName = 'ID', Mandatory = $true)] [guid] $ID
)
'@

# --- CimCmdlets (Windows) ---------------------------------------------------------------------------------------
Register-CollectorStub 'New-CimSession' '[CmdletBinding()] param([Parameter(Position = 0)][string[]] $ComputerName, [pscredential] $Credential, [uint32] $OperationTimeoutSec)'
Register-CollectorStub 'Remove-CimSession' '[CmdletBinding()] param([Parameter(Position = 0)][object[]] $CimSession)'
Register-CollectorStub 'Get-CimInstance' '[CmdletBinding()] param([object[]] $CimSession, [Parameter(Position = 0)][string] $ClassName, [string[]] $Property, [string] $Filter, [string] $Namespace)'
Register-CollectorStub 'Invoke-CimMethod' '[CmdletBinding()] param([object[]] $CimSession, [string] $Namespace, [string] $ClassName, [string] $MethodName, [System.Collections.IDictionary] $Arguments)'

# --- Microsoft.WSMan.Management (Windows) -----------------------------------------------------------------------
Register-CollectorStub 'Get-WSManInstance' '[CmdletBinding()] param([Parameter(Position = 0)][uri] $ResourceURI, [string] $ComputerName, [pscredential] $Credential, [switch] $Enumerate)'

# --- FailoverClusters module (https://learn.microsoft.com/powershell/module/failoverclusters/) --------------------
# Get-Cluster [[-Name] <String>] [-Domain <String>]
Register-CollectorStub 'Get-Cluster' '[CmdletBinding()] param([Parameter(Position = 0)][string] $Name, [string] $Domain)'
# Get-ClusterNode [[-Name] <StringCollection>] [-InputObject <PSObject>] [-Cluster <String>]
Register-CollectorStub 'Get-ClusterNode' '[CmdletBinding()] param([Parameter(Position = 0)][string[]] $Name, [Parameter(ValueFromPipeline = $true)][psobject] $InputObject, [string] $Cluster)'
# Get-ClusterResource [[-Name] <StringCollection>] [-VMId <Guid>] [-InputObject <PSObject>] [-Cluster <String>]
Register-CollectorStub 'Get-ClusterResource' '[CmdletBinding()] param([Parameter(Position = 0)][string[]] $Name, [guid] $VMId, [Parameter(ValueFromPipeline = $true)][psobject] $InputObject, [string] $Cluster)'

# The commands whose documented parameter sets the stubs above reproduce (checked by Support/ParameterSets.ps1).
$script:DocumentedStubNames = @(
    'Get-SCVMMServer', 'Get-SCVMHost', 'Get-SCVirtualizationManager', 'Get-SCLibraryServer', 'Get-SCLoadBalancer',
    'Get-SCOpsMgrConnection', 'Get-SCPROMonitorConfiguration', 'Get-SCJob', 'Get-SCServiceTemplate',
    'Get-SCComputerTierTemplate', 'Get-SCApplicationDeployment', 'Get-Cluster', 'Get-ClusterNode', 'Get-ClusterResource'
)

function Remove-CollectorStubs {
    foreach ($name in $script:CollectorStubNames) {
        Remove-Item -Path ("function:global:{0}" -f $name) -ErrorAction SilentlyContinue
    }
    $script:CollectorStubNames.Clear()
}
