# The collector calls VMM and failover-cluster cmdlets that do not exist on the test machine. Their stubs
# (Support/Stubs.ps1) declare Microsoft's documented parameter sets, mandatory parameters included; these tests
# check every such call in the module against them, so a call that a real VMM server would refuse (or stop and
# prompt for, in an interactive console) fails here.

BeforeDiscovery {
    $moduleRoot = Join-Path $PSScriptRoot '../../collector/VmmAssess.Collector'
    $moduleFiles = @(Get-ChildItem -LiteralPath $moduleRoot -Recurse -File -Include '*.ps1', '*.psm1' | ForEach-Object {
            @{ Path = $_.FullName; Name = $_.Name }
        })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/Stubs.ps1')
    . (Join-Path $PSScriptRoot 'Support/ParameterSets.ps1')
    function Find-InCode([string] $Code) {
        $tokens = $null; $parseErrors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$tokens, [ref]$parseErrors)
        return , (Find-UndocumentedStubCall -Ast $ast -CommandName $script:DocumentedStubNames)
    }
}

AfterAll {
    Remove-CollectorStubs
}

Describe 'The documented-parameter-set check' {
    It 'rejects Get-SCPROMonitorConfiguration -VMMServer without a scope (every documented set needs one)' {
        $findings = Find-InCode 'Get-SCPROMonitorConfiguration -VMMServer $Connection -ErrorAction Stop'
        $findings.Count | Should -Be 1
        $findings[0] | Should -Match 'Get-SCPROMonitorConfiguration -VMMServer -ErrorAction matches no documented parameter set'
    }

    It 'accepts Get-SCPROMonitorConfiguration -VMMServer -VMMServerScope (set VMMServer)' {
        Find-InCode 'Get-SCPROMonitorConfiguration -VMMServer $Connection -VMMServerScope -ErrorAction Stop' | Should -BeNullOrEmpty
    }

    It 'rejects parameters of two different sets together (Get-SCJob -Running -All)' {
        @(Find-InCode 'Get-SCJob -VMMServer $c -Running -All').Count | Should -Be 1
    }

    It 'rejects a missing mandatory parameter given nowhere (Get-SCApplicationDeployment without -ApplicationProfile)' {
        @(Find-InCode 'Get-SCApplicationDeployment -VMMServer $c').Count | Should -Be 1
        Find-InCode 'Get-SCApplicationDeployment -VMMServer $c -ApplicationProfile $p' | Should -BeNullOrEmpty
    }

    It 'rejects a parameter the cmdlet does not have (Get-Cluster -Cluster)' {
        @(Find-InCode 'Get-Cluster -Cluster x').Count | Should -Be 1
    }

    It 'reads splatted parameters and positional arguments' {
        Find-InCode 'function f { $p = @{ ComputerName = "vmm01"; ErrorAction = "Stop" }; $p["Credential"] = $c; Get-SCVMMServer @p }' | Should -BeNullOrEmpty
        Find-InCode 'Get-SCVMMServer vmm01' | Should -BeNullOrEmpty
        @(Find-InCode 'Get-SCVMMServer -TCPPort 8100').Count | Should -Be 1
    }

    It 'is also what the mocks enforce: the stub refuses a call without the mandatory scope' {
        $command = Get-Command Get-SCPROMonitorConfiguration
        Test-DocumentedParameterSet -Command $command -ParameterName 'VMMServer' | Should -BeNullOrEmpty
        Test-DocumentedParameterSet -Command $command -ParameterName 'VMMServer', 'VMMServerScope' | Should -Be 'VMMServer'
    }
}

Describe 'Module file <Name> calls VMM and failover-cluster cmdlets only with documented parameter sets' -ForEach $moduleFiles {
    It 'has no call that no documented parameter set accepts' {
        $tokens = $null; $parseErrors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$parseErrors)
        Find-UndocumentedStubCall -Ast $ast -CommandName $script:DocumentedStubNames -Label $Name | Should -BeNullOrEmpty
    }
}
