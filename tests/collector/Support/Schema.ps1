# Validates snapshot JSON against schemas/snapshot-v1.schema.json (JSON Schema draft 2020-12).
# PowerShell 7.6 ships JsonSchema.Net (the engine behind Test-Json since 7.4), which implements draft 2020-12;
# calling it directly gives every error with its instance location. Test-Json is the fallback.

$global:VmmAssessSnapshotSchemaPath = Join-Path $PSScriptRoot '../../../schemas/snapshot-v1.schema.json'

function global:Get-SnapshotSchemaErrors {
    param([Parameter(Mandatory = $true)] [string] $Json)
    $schemaText = Get-Content -LiteralPath $global:VmmAssessSnapshotSchemaPath -Raw
    $schemaType = 'Json.Schema.JsonSchema' -as [type]
    if ($null -ne $schemaType) {
        $schema = $schemaType::FromText($schemaText)
        $options = New-Object Json.Schema.EvaluationOptions
        $options.OutputFormat = [Json.Schema.OutputFormat]::List
        $result = $schema.Evaluate([System.Text.Json.Nodes.JsonNode]::Parse($Json), $options)
        if ($result.IsValid) { return @() }
        $messages = New-Object System.Collections.Generic.List[string]
        foreach ($detail in $result.Details) {
            if (-not $detail.HasErrors) { continue }
            foreach ($key in $detail.Errors.Keys) { $messages.Add(('{0} {1}: {2}' -f $detail.InstanceLocation, $key, $detail.Errors[$key])) }
        }
        if ($messages.Count -eq 0) { $messages.Add('invalid') }
        return $messages.ToArray()
    }
    $testErrors = $null
    $valid = Test-Json -Json $Json -Schema $schemaText -ErrorVariable testErrors -ErrorAction SilentlyContinue
    if ($valid) { return @() }
    return @($testErrors | ForEach-Object { $_.ToString() })
}
