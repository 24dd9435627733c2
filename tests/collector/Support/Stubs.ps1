# Stand-ins for commands that do not exist on the test machine (the VirtualMachineManager module, the CIM and
# WS-Management cmdlets on Linux, the FailoverClusters module). Pester can only mock commands that exist, so
# these are defined (globally, only when missing) and then mocked by the tests. Their parameter blocks list the
# parameters of the real cmdlets that the collector uses; a stub that is called without a mock throws.

$script:CollectorStubNames = New-Object System.Collections.Generic.List[string]

function Register-CollectorStub {
    param([string] $Name, [scriptblock] $Definition)
    if (Get-Command -Name $Name -ErrorAction SilentlyContinue) { return }
    Set-Item -Path ("function:global:{0}" -f $Name) -Value $Definition
    $script:CollectorStubNames.Add($Name)
}

$unmocked = { throw "Test stub '$($MyInvocation.MyCommand.Name)' was called without a mock." }

# VirtualMachineManager module (https://learn.microsoft.com/powershell/module/virtualmachinemanager/)
Register-CollectorStub 'Get-SCVMMServer' ([scriptblock]::Create('[CmdletBinding()] param([Parameter(Position = 0)][string] $ComputerName, [pscredential] $Credential, [int] $TCPPort) ' + $unmocked))
Register-CollectorStub 'Get-SCVMHost' ([scriptblock]::Create('[CmdletBinding()] param([Parameter(Position = 0)][string] $ComputerName, [object] $VMMServer) ' + $unmocked))
Register-CollectorStub 'Get-SCVirtualizationManager' ([scriptblock]::Create('[CmdletBinding()] param([string] $ComputerName, [object] $VMMServer) ' + $unmocked))
Register-CollectorStub 'Get-SCLibraryServer' ([scriptblock]::Create('[CmdletBinding()] param([Parameter(Position = 0)][string] $ComputerName, [object] $VMMServer) ' + $unmocked))
Register-CollectorStub 'Get-SCLoadBalancer' ([scriptblock]::Create('[CmdletBinding()] param([object] $VMMServer, [string] $LoadBalancerAddress) ' + $unmocked))
Register-CollectorStub 'Get-SCOpsMgrConnection' ([scriptblock]::Create('[CmdletBinding()] param([object] $VMMServer) ' + $unmocked))
Register-CollectorStub 'Get-SCPROMonitorConfiguration' ([scriptblock]::Create('[CmdletBinding()] param([object] $VMMServer) ' + $unmocked))
Register-CollectorStub 'Get-SCJob' ([scriptblock]::Create('[CmdletBinding()] param([object] $VMMServer, [switch] $Running, [int] $Newest) ' + $unmocked))

# CimCmdlets (Windows)
Register-CollectorStub 'New-CimSession' ([scriptblock]::Create('[CmdletBinding()] param([Parameter(Position = 0)][string[]] $ComputerName, [pscredential] $Credential, [uint32] $OperationTimeoutSec) ' + $unmocked))
Register-CollectorStub 'Remove-CimSession' ([scriptblock]::Create('[CmdletBinding()] param([Parameter(Position = 0)][object[]] $CimSession) ' + $unmocked))
Register-CollectorStub 'Get-CimInstance' ([scriptblock]::Create('[CmdletBinding()] param([object[]] $CimSession, [Parameter(Position = 0)][string] $ClassName, [string[]] $Property, [string] $Filter, [string] $Namespace) ' + $unmocked))
Register-CollectorStub 'Invoke-CimMethod' ([scriptblock]::Create('[CmdletBinding()] param([object[]] $CimSession, [string] $Namespace, [string] $ClassName, [string] $MethodName, [System.Collections.IDictionary] $Arguments) ' + $unmocked))

# Microsoft.WSMan.Management (Windows)
Register-CollectorStub 'Get-WSManInstance' ([scriptblock]::Create('[CmdletBinding()] param([Parameter(Position = 0)][uri] $ResourceURI, [string] $ComputerName, [pscredential] $Credential, [switch] $Enumerate) ' + $unmocked))

# FailoverClusters module (https://learn.microsoft.com/powershell/module/failoverclusters/)
Register-CollectorStub 'Get-Cluster' ([scriptblock]::Create('[CmdletBinding()] param([Parameter(Position = 0)][string] $Name) ' + $unmocked))
Register-CollectorStub 'Get-ClusterNode' ([scriptblock]::Create('[CmdletBinding()] param([Parameter(Position = 0)][string[]] $Name, [string] $Cluster) ' + $unmocked))
Register-CollectorStub 'Get-ClusterResource' ([scriptblock]::Create('[CmdletBinding()] param([Parameter(Position = 0)][string[]] $Name, [string] $Cluster) ' + $unmocked))

function Remove-CollectorStubs {
    foreach ($name in $script:CollectorStubNames) {
        Remove-Item -Path ("function:global:{0}" -f $name) -ErrorAction SilentlyContinue
    }
    $script:CollectorStubNames.Clear()
}
