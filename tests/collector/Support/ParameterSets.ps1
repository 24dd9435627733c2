# Checks calls of the stubbed VMM and failover-cluster cmdlets against the parameter sets the stubs declare (the
# documented ones, see Stubs.ps1), without running them: an interactive console would stop and prompt for a
# missing mandatory parameter instead of failing, so the check must not depend on the binder.

function global:Test-DocumentedParameterSet {
    <#
    .SYNOPSIS
        Returns the name of a parameter set of Command that accepts the named parameters plus PositionalCount
        positional arguments with every mandatory parameter given, or $null when no set does.
    #>
    param(
        [Parameter(Mandatory = $true)] [System.Management.Automation.CommandInfo] $Command,
        [string[]] $ParameterName = @(),
        [int] $PositionalCount = 0
    )
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $named = @($ParameterName | Where-Object { $common -notcontains $_ })
    foreach ($set in $Command.ParameterSets) {
        $byName = @{}
        foreach ($parameter in $set.Parameters) { $byName[$parameter.Name] = $parameter }
        if (@($named | Where-Object { -not $byName.ContainsKey($_) }).Count -gt 0) { continue }
        $positional = @($set.Parameters | Where-Object { $_.Position -ge 0 -and $named -notcontains $_.Name } | Sort-Object Position)
        if ($PositionalCount -gt $positional.Count) { continue }
        $given = @($named) + @($positional | Select-Object -First $PositionalCount | ForEach-Object { $_.Name })
        $missing = @($set.Parameters | Where-Object { $_.IsMandatory -and $given -notcontains $_.Name -and -not $_.ValueFromPipeline })
        if ($missing.Count -gt 0) { continue }
        return $set.Name
    }
    return $null
}

function global:Resolve-StubParameterName {
    <# Expands an abbreviated parameter name (PowerShell accepts unique prefixes) to the command's parameter name. #>
    param([System.Management.Automation.CommandInfo] $Command, [string] $Name)
    if ($Command.Parameters.ContainsKey($Name)) { return $Command.Parameters[$Name].Name }
    $candidates = @($Command.Parameters.Values | Where-Object { $_.Name -like ($Name + '*') -or @($_.Aliases | Where-Object { $_ -eq $Name }).Count -gt 0 })
    if ($candidates.Count -eq 1) { return $candidates[0].Name }
    return $Name
}

function global:Get-SplattedParameterName {
    <# Keys assigned to a splatted hashtable variable in the function that uses it: $p = @{ A = ...}; $p['B'] = ... #>
    param([System.Management.Automation.Language.Ast] $Scope, [string] $VariableName)
    $keys = New-Object System.Collections.Generic.List[string]
    $assignments = $Scope.FindAll({ param($node) $node -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true)
    foreach ($assignment in $assignments) {
        $left = $assignment.Left
        if ($left -is [System.Management.Automation.Language.VariableExpressionAst] -and $left.VariablePath.UserPath -eq $VariableName) {
            foreach ($hashtable in $assignment.Right.FindAll({ param($node) $node -is [System.Management.Automation.Language.HashtableAst] }, $true)) {
                foreach ($pair in $hashtable.KeyValuePairs) { $keys.Add([string]$pair.Item1.SafeGetValue()) }
            }
        }
        elseif ($left -is [System.Management.Automation.Language.IndexExpressionAst] -and
            $left.Target -is [System.Management.Automation.Language.VariableExpressionAst] -and
            $left.Target.VariablePath.UserPath -eq $VariableName -and
            $left.Index -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
            $keys.Add($left.Index.Value)
        }
    }
    return , $keys.ToArray()
}

function global:Find-UndocumentedStubCall {
    <#
    .SYNOPSIS
        Returns one line per call of a stubbed command in the syntax tree that no parameter set of the stub accepts.
    #>
    param(
        [Parameter(Mandatory = $true)] [System.Management.Automation.Language.Ast] $Ast,
        [Parameter(Mandatory = $true)] [string[]] $CommandName,
        [string] $Label = 'script'
    )
    $findings = New-Object System.Collections.Generic.List[string]
    $calls = $Ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
    foreach ($call in $calls) {
        $name = $call.GetCommandName()
        if (-not $name -or $CommandName -notcontains $name) { continue }
        # The stub, or the real cmdlet where its module is installed: both carry the documented parameter sets.
        $command = Get-Command -Name $name -ErrorAction Stop | Select-Object -First 1
        $names = New-Object System.Collections.Generic.List[string]
        $positionalCount = 0
        $elements = $call.CommandElements
        for ($i = 1; $i -lt $elements.Count; $i++) {
            $element = $elements[$i]
            if ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
                $parameterName = Resolve-StubParameterName -Command $command -Name $element.ParameterName
                $names.Add($parameterName)
                $isSwitch = $command.Parameters.ContainsKey($parameterName) -and $command.Parameters[$parameterName].SwitchParameter
                if ($null -eq $element.Argument -and -not $isSwitch) { $i++ }
                continue
            }
            if ($element -is [System.Management.Automation.Language.VariableExpressionAst] -and $element.Splatted) {
                $scope = $call
                while ($null -ne $scope.Parent -and $scope -isnot [System.Management.Automation.Language.FunctionDefinitionAst]) { $scope = $scope.Parent }
                foreach ($key in (Get-SplattedParameterName -Scope $scope -VariableName $element.VariablePath.UserPath)) { $names.Add((Resolve-StubParameterName -Command $command -Name $key)) }
                continue
            }
            $positionalCount++
        }
        if ($null -eq (Test-DocumentedParameterSet -Command $command -ParameterName $names.ToArray() -PositionalCount $positionalCount)) {
            $given = @($names | ForEach-Object { '-' + $_ }) -join ' '
            if ($positionalCount -gt 0) { $given = ($given + " and $positionalCount positional argument(s)").Trim() }
            $findings.Add(('{0} line {1}: {2} {3} matches no documented parameter set' -f $Label, $call.Extent.StartLineNumber, $name, $given))
        }
    }
    return , $findings.ToArray()
}
