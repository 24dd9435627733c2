# The collector runs on the VMM management server, i.e. Windows PowerShell 5.1. These tests walk the syntax tree
# of every module file and reject PowerShell 7-only syntax, cmdlets, parameters and automatic variables, and
# .NET APIs missing from .NET Framework 4.x. They also check the manifest, the help of the public functions,
# and that files are ASCII (Windows PowerShell 5.1 reads BOM-less files as ANSI).

BeforeDiscovery {
    $moduleRoot = Join-Path $PSScriptRoot '../../collector/VmmAssess.Collector'
    $moduleFiles = @(Get-ChildItem -LiteralPath $moduleRoot -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' | ForEach-Object {
            @{ Path = $_.FullName; Name = $_.FullName.Substring((Resolve-Path $moduleRoot).Path.Length + 1) }
        })
    $publicFunctions = @(Get-ChildItem -LiteralPath (Join-Path $moduleRoot 'Public') -Filter '*.ps1' | ForEach-Object { @{ Name = $_.BaseName } })
}

BeforeAll {
    $moduleRoot = Join-Path $PSScriptRoot '../../collector/VmmAssess.Collector'

    function global:Find-PowerShell7OnlyUsage {
        <# Returns one line per PowerShell 7-only construct found in a syntax tree. #>
        param([Parameter(Mandatory = $true)] [System.Management.Automation.Language.Ast] $Ast)

        $forbiddenNodeTypes = @('TernaryExpressionAst', 'PipelineChainAst')
        $forbiddenCommands = @(
            'Test-Json', 'Join-String', 'Get-Error', 'Remove-Alias', 'Get-Uptime', 'ConvertFrom-Markdown', 'Show-Markdown',
            'Get-MarkdownOption', 'Set-MarkdownOption', 'Get-ExperimentalFeature', 'Enable-ExperimentalFeature',
            'Disable-ExperimentalFeature', 'Remove-Service', 'Get-PSSubsystem', 'Switch-Process', 'Get-SecureRandom',
            'ConvertTo-CliXml', 'ConvertFrom-CliXml', 'Update-Help7'
        )
        $aliases = @{ 'irm' = 'Invoke-RestMethod'; 'iwr' = 'Invoke-WebRequest'; 'foreach' = 'ForEach-Object'; '%' = 'ForEach-Object'; 'gc' = 'Get-Content'; 'sc' = 'Set-Content'; 'ac' = 'Add-Content'; 'sls' = 'Select-String' }
        $webParameters = @('SkipHttpErrorCheck', 'StatusCodeVariable', 'MaximumRetryCount', 'RetryIntervalSec', 'Authentication', 'Token',
            'ResponseHeadersVariable', 'SkipCertificateCheck', 'SslProtocol', 'SkipHeaderValidation', 'Form', 'NoProxy', 'Resume',
            'HttpVersion', 'PreserveAuthorizationOnRedirect', 'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds', 'AllowUnencryptedAuthentication',
            'CustomMethod', 'FollowRelLink', 'MaximumFollowRelLink', 'PreserveHttpMethodOnRedirect', 'UnixSocket', 'AllowInsecureRedirect')
        $forbiddenParameters = @{
            'ConvertTo-Json'    = @('AsArray', 'EscapeHandling', 'EnumsAsStrings')
            'ConvertFrom-Json'  = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
            'Invoke-RestMethod' = $webParameters
            'Invoke-WebRequest' = $webParameters
            'ForEach-Object'    = @('Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace')
            'Get-Content'       = @('AsByteStream')
            'Set-Content'       = @('AsByteStream')
            'Add-Content'       = @('AsByteStream')
            'Get-Date'          = @('AsUTC', 'UnixTimeSeconds')
            'Split-Path'        = @('LeafBase', 'Extension')
            'Import-Module'     = @('UseWindowsPowerShell', 'SkipEditionCheck')
            'Start-Sleep'       = @('Duration')
            'Join-Path'         = @('AdditionalChildPath')
            'Select-String'     = @('Raw', 'NoEmphasis')
            'Get-Random'        = @('Shuffle')
            'New-Item'          = @('SkipEditionCheck')
        }
        $forbiddenVariables = @('IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR', 'PSStyle', 'PSNativeCommandArgumentPassing', 'PSNativeCommandUseErrorActionPreference')
        $forbiddenEncodings = @('utf8NoBOM', 'utf8BOM')
        $forbiddenTypePrefixes = @('System.Text.Json', 'System.DateOnly', 'System.TimeOnly', 'System.Half', 'System.Index', 'System.Range', 'System.Net.Http.Json', 'System.Management.Automation.Language.TernaryExpressionAst')
        $net46Members = @('ToUnixTimeSeconds', 'ToUnixTimeMilliseconds', 'FromUnixTimeSeconds', 'FromUnixTimeMilliseconds')
        $forbiddenStaticMembers = @('ToHexString', 'FromHexString', 'GetRelativePath', 'Clamp', 'HashData', 'GetInt32', 'ToUnixTimeMillisecondsSpan', 'ReadAllTextAsync', 'WriteAllTextAsync')

        $findings = New-Object System.Collections.Generic.List[string]
        $nodes = $Ast.FindAll({ $true }, $true)
        foreach ($node in $nodes) {
            $typeName = $node.GetType().Name
            $where = 'line {0}' -f $node.Extent.StartLineNumber
            if ($forbiddenNodeTypes -contains $typeName) { $findings.Add("$typeName at $where"); continue }
            if ($typeName -in @('MemberExpressionAst', 'InvokeMemberExpressionAst', 'IndexExpressionAst')) {
                $nullConditional = $node.PSObject.Properties['NullConditional']
                if ($null -ne $nullConditional -and $nullConditional.Value) { $findings.Add("null-conditional member access (?. or ?[]) at $where") }
            }
            switch ($typeName) {
                'BinaryExpressionAst' {
                    $operator = [string]$node.Operator
                    if ($operator -eq 'QuestionQuestion') { $findings.Add("null-coalescing ?? at $where") }
                    if ($operator -in @('Ireplace', 'Creplace', 'Replace')) {
                        $right = $node.Right
                        $hasScriptBlock = $right -is [System.Management.Automation.Language.ScriptBlockExpressionAst]
                        if ($right -is [System.Management.Automation.Language.ArrayLiteralAst]) {
                            $hasScriptBlock = @($right.Elements | Where-Object { $_ -is [System.Management.Automation.Language.ScriptBlockExpressionAst] }).Count -gt 0
                        }
                        if ($hasScriptBlock) { $findings.Add("-replace with a script block at $where") }
                    }
                }
                'AssignmentStatementAst' {
                    if ([string]$node.Operator -eq 'QuestionQuestionEquals') { $findings.Add("??= at $where") }
                }
                'ScriptBlockAst' {
                    $clean = $node.PSObject.Properties['CleanBlock']
                    if ($null -ne $clean -and $null -ne $clean.Value) { $findings.Add("clean block at $where") }
                }
                'PipelineAst' {
                    $background = $node.PSObject.Properties['Background']
                    if ($null -ne $background -and $background.Value) { $findings.Add("background operator & at $where") }
                }
                'VariableExpressionAst' {
                    if ($forbiddenVariables -contains $node.VariablePath.UserPath) { $findings.Add("7-only variable `$$($node.VariablePath.UserPath) at $where") }
                }
                'TypeExpressionAst' {
                    foreach ($prefix in $forbiddenTypePrefixes) { if ($node.TypeName.FullName -like "$prefix*") { $findings.Add("type [$($node.TypeName.FullName)] at $where") } }
                }
                'TypeConstraintAst' {
                    foreach ($prefix in $forbiddenTypePrefixes) { if ($node.TypeName.FullName -like "$prefix*") { $findings.Add("type [$($node.TypeName.FullName)] at $where") } }
                }
                'InvokeMemberExpressionAst' {
                    if ($node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                        if ($node.Static -and $forbiddenStaticMembers -contains $node.Member.Value) {
                            $findings.Add(".NET Core-only API ::$($node.Member.Value) at $where")
                        }
                        if ($net46Members -contains $node.Member.Value) {
                            $findings.Add("$($node.Member.Value) needs .NET Framework 4.6 (WMF 5.1 needs only .NET Framework 4.5) at $where")
                        }
                    }
                }
                'CommandAst' {
                    $name = $node.GetCommandName()
                    if (-not $name) { break }
                    if ($aliases.ContainsKey($name.ToLowerInvariant())) { $name = $aliases[$name.ToLowerInvariant()] }
                    if ($forbiddenCommands -contains $name) { $findings.Add("7-only command $name at $where") }
                    $parameters = @($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] })
                    foreach ($key in $forbiddenParameters.Keys) {
                        if ($name -ne $key) { continue }
                        foreach ($parameter in $parameters) {
                            foreach ($forbidden in $forbiddenParameters[$key]) {
                                # PowerShell accepts unambiguous prefixes; flag any prefix of at least 3 letters too.
                                if ($forbidden -like ($parameter.ParameterName + '*') -and $parameter.ParameterName.Length -ge 3) {
                                    $findings.Add("$name -$($parameter.ParameterName) (7-only -$forbidden) at $where")
                                }
                            }
                        }
                    }
                    for ($i = 0; $i -lt $node.CommandElements.Count; $i++) {
                        $element = $node.CommandElements[$i]
                        if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and $element.ParameterName -like 'Enc*') {
                            $argument = $element.Argument
                            if ($null -eq $argument -and $i + 1 -lt $node.CommandElements.Count) { $argument = $node.CommandElements[$i + 1] }
                            if ($argument -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $forbiddenEncodings -contains $argument.Value) {
                                $findings.Add("-Encoding $($argument.Value) (7-only) at $where")
                            }
                        }
                    }
                }
            }
        }
        return , $findings.ToArray()
    }
}

Describe 'The Windows PowerShell 5.1 compatibility check itself' {
    It 'finds <Label>' -ForEach @(
        @{ Label = 'the ternary operator'; Code = '$a = $b ? 1 : 2' }
        @{ Label = 'the null-coalescing operator'; Code = '$a = $b ?? 2' }
        @{ Label = 'the null-coalescing assignment'; Code = '$a ??= 2' }
        @{ Label = 'null-conditional member access'; Code = '${a}?.Name' }
        @{ Label = 'pipeline chains'; Code = 'Get-Item x && Get-Item y' }
        @{ Label = 'ForEach-Object -Parallel'; Code = '1..3 | ForEach-Object -Parallel { $_ }' }
        @{ Label = 'ConvertTo-Json -AsArray'; Code = '@(1) | ConvertTo-Json -AsArray' }
        @{ Label = 'ConvertFrom-Json -AsHashtable'; Code = '"{}" | ConvertFrom-Json -AsHashtable' }
        @{ Label = 'ConvertFrom-Json -Depth'; Code = '"{}" | ConvertFrom-Json -Depth 5' }
        @{ Label = 'Invoke-RestMethod -SkipHttpErrorCheck'; Code = 'Invoke-RestMethod -Uri http://x -SkipHttpErrorCheck' }
        @{ Label = 'Invoke-WebRequest -StatusCodeVariable by alias'; Code = 'iwr http://x -StatusCodeVariable s' }
        @{ Label = 'Invoke-RestMethod -MaximumRetryCount'; Code = 'irm http://x -MaximumRetryCount 3' }
        @{ Label = 'Test-Json'; Code = 'Test-Json -Json "{}"' }
        @{ Label = 'Out-File -Encoding utf8NoBOM'; Code = 'Out-File -FilePath x -Encoding utf8NoBOM' }
        @{ Label = 'Get-Content -AsByteStream'; Code = 'Get-Content x -AsByteStream' }
        @{ Label = '$IsWindows'; Code = 'if ($IsWindows) { 1 }' }
        @{ Label = '-replace with a script block'; Code = '"a" -replace "a", { $_.Value }' }
        @{ Label = 'the background operator'; Code = 'Start-Sleep 1 &' }
        @{ Label = '[Convert]::ToHexString'; Code = '[Convert]::ToHexString($bytes)' }
        @{ Label = 'System.Text.Json'; Code = '[System.Text.Json.JsonSerializer]::Serialize($x)' }
        @{ Label = 'DateTimeOffset.ToUnixTimeSeconds (.NET Framework 4.6)'; Code = '[DateTimeOffset]::UtcNow.ToUnixTimeSeconds()' }
    ) {
        $tokens = $null; $parseErrors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$tokens, [ref]$parseErrors)
        @(Find-PowerShell7OnlyUsage -Ast $ast).Count | Should -BeGreaterThan 0
    }

    It 'accepts ordinary Windows PowerShell 5.1 code' {
        $code = '$x = if ($a) { 1 } else { 2 }; $client = New-Object System.Net.Http.HttpClient; $j = $o | ConvertTo-Json -Depth 20; [System.IO.File]::WriteAllText("p", $j); "a" -replace "a", "b"'
        $tokens = $null; $parseErrors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$tokens, [ref]$parseErrors)
        Find-PowerShell7OnlyUsage -Ast $ast | Should -BeNullOrEmpty
    }
}

Describe 'Module file <Name>' -ForEach $moduleFiles {
    BeforeAll {
        $tokens = $null; $parseErrors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$parseErrors)
    }

    It 'parses without errors' {
        @($parseErrors) | Should -BeNullOrEmpty
    }

    It 'uses no PowerShell 7-only syntax, cmdlets, parameters or variables' {
        Find-PowerShell7OnlyUsage -Ast $ast | Should -BeNullOrEmpty
    }

    It 'is plain ASCII (Windows PowerShell 5.1 reads files without a BOM as ANSI)' {
        $latin1 = [System.IO.File]::ReadAllText($Path, [System.Text.Encoding]::GetEncoding(28591))
        $nonAscii = [regex]::Match($latin1, '[^\x00-\x7F]')
        $nonAscii.Success | Should -BeFalse -Because ('offset {0} is not ASCII' -f $nonAscii.Index)
    }
}

Describe 'Module manifest and exports' {
    BeforeAll {
        $manifestPath = Join-Path $moduleRoot 'VmmAssess.Collector.psd1'
        $manifest = Test-ModuleManifest -Path $manifestPath
        $data = Import-PowerShellDataFile -Path $manifestPath
        Import-Module $manifestPath -Force
    }
    AfterAll { Remove-Module VmmAssess.Collector -ErrorAction SilentlyContinue }

    It 'targets Windows PowerShell 5.1 and PowerShell 7 (Desktop and Core editions)' {
        $data.PowerShellVersion | Should -Be '5.1'
        @($data.CompatiblePSEditions | Sort-Object) | Should -Be @('Core', 'Desktop')
        $manifest.Version | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the four public functions' {
        $expected = @('Export-VmmAssessmentSnapshot', 'Get-VmmAssessmentSnapshot', 'Send-VmmAssessmentSnapshot', 'Test-VmmAssessmentCollection')
        @((Get-Module VmmAssess.Collector).ExportedFunctions.Keys | Sort-Object) | Should -Be $expected
        @($data.FunctionsToExport | Sort-Object) | Should -Be $expected
    }
}

Describe 'Help of <Name>' -ForEach $publicFunctions {
    BeforeAll {
        Import-Module (Join-Path $moduleRoot 'VmmAssess.Collector.psd1') -Force
        $help = Get-Help -Name $Name -Full
        $command = Get-Command -Name $Name -Module VmmAssess.Collector
    }
    AfterAll { Remove-Module VmmAssess.Collector -ErrorAction SilentlyContinue }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "*$Name*[<CommonParameters>]*"
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example' {
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        foreach ($example in @($help.Examples.Example)) { $example.Code | Should -Match $Name }
    }

    It 'documents every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($parameter in $command.Parameters.Keys) {
            if ($common -contains $parameter) { continue }
            $parameterHelp = @($help.Parameters.Parameter | Where-Object { $_.Name -eq $parameter })
            $parameterHelp.Count | Should -Be 1 -Because "-$parameter needs a .PARAMETER section"
            ($parameterHelp[0].Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'links to its references' {
        @($help.relatedLinks.navigationLink).Count | Should -BeGreaterThan 0
    }
}

Describe 'Help text of <Name> reads well in any console width' -ForEach $publicFunctions {
    BeforeAll {
        Import-Module (Join-Path $moduleRoot 'VmmAssess.Collector.psd1') -Force
        $help = Get-Help -Name $Name -Full
        function Get-ContinuationLine([string] $Text) {
            # A paragraph is one line (the console wraps it); only list items ("- ...") follow another line directly.
            $lines = $Text -split "`r?`n"
            for ($i = 1; $i -lt $lines.Count; $i++) {
                if ($lines[$i].Trim() -and $lines[$i - 1].Trim() -and -not $lines[$i].TrimStart().StartsWith('- ')) { $lines[$i] }
            }
        }
    }
    AfterAll { Remove-Module VmmAssess.Collector -ErrorAction SilentlyContinue }

    It 'has paragraphs that are not hard-wrapped' {
        $texts = @(($help.Description | Out-String), ($help.Synopsis | Out-String))
        foreach ($parameter in @($help.Parameters.Parameter)) { $texts += ($parameter.Description | Out-String) }
        foreach ($example in @($help.Examples.Example)) { $texts += (@($example.Remarks | ForEach-Object { $_.Text }) -join "`n") }
        $continued = @($texts | ForEach-Object { Get-ContinuationLine $_.Trim() })
        $continued | Should -BeNullOrEmpty
    }

    It 'shows friendly parameter types (no generic type names such as Nullable`1)' {
        foreach ($parameter in @($help.Parameters.Parameter)) {
            [string]$parameter.type.name | Should -Not -Match '`' -Because "-$($parameter.name) should show a plain type"
        }
        (Get-Help -Name $Name | Out-String) | Should -Not -Match 'Nullable'
    }
}
