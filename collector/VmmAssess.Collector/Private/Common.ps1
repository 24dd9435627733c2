# Small helpers shared by the collector: safe property access, error capture, value conversion, and the trace of
# raw values that Test-VmmAssessmentCollection shows.

# $null unless Test-VmmAssessmentCollection is running: then a list of { source, target, item, rawValue, interpretation }.
$script:CollectorTrace = $null

function Add-CollectorTrace {
    <#
    .SYNOPSIS
        Records one raw value the collector read and what it made of it, when a self-check is running.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Source,
        [AllowNull()] [string] $Target,
        [Parameter(Mandatory = $true)] [string] $Item,
        [AllowNull()] [object] $RawValue,
        [AllowNull()] [string] $Interpretation
    )
    if ($null -eq $script:CollectorTrace) { return }
    $raw = '(null)'
    if ($null -ne $RawValue) {
        if ($RawValue -is [System.Collections.IEnumerable] -and $RawValue -isnot [string]) {
            $raw = (@($RawValue | ForEach-Object { Get-CollectorObjectName $_ }) -join '; ')
        }
        elseif ($RawValue -is [string] -or $RawValue -is [System.ValueType] -or $RawValue -is [version]) {
            $raw = [string]$RawValue
        }
        else {
            $raw = Get-CollectorObjectName $RawValue
        }
        if ($null -eq $raw) { $raw = '' }
        $raw = '{0} [{1}]' -f $raw, $RawValue.GetType().Name
    }
    if (-not $Target) { $Target = $null }
    $script:CollectorTrace.Add([pscustomobject][ordered]@{
            source         = $Source
            target         = $Target
            item           = $Item
            rawValue       = $raw
            interpretation = $Interpretation
        })
}

function Get-CollectorPropertyValue {
    <#
    .SYNOPSIS
        Returns the first non-null value among the named properties of an object, or $null.
    .DESCRIPTION
        VMM object models differ between releases (2012 R2 .. 2025), so the collector never assumes
        a property exists: it asks for one or more candidate names and takes the first one present.
        Works for .NET objects, PSCustomObjects, hashtables and XmlElements (Get-WSManInstance).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [AllowNull()] [object] $InputObject,
        [Parameter(Mandatory = $true, Position = 1)] [string[]] $Name
    )
    if ($null -eq $InputObject) { return $null }
    foreach ($candidate in $Name) {
        $value = $null
        if ($InputObject -is [System.Collections.IDictionary]) {
            if ($InputObject.Contains($candidate)) { $value = $InputObject[$candidate] }
        }
        else {
            $property = $InputObject.PSObject.Properties[$candidate]
            if ($null -ne $property) {
                try { $value = $property.Value } catch { $value = $null }
            }
        }
        if ($null -ne $value) {
            if ($value -is [string] -and $value.Length -eq 0) { continue }
            return $value
        }
    }
    return $null
}

function Get-CollectorObjectName {
    <#
    .SYNOPSIS
        Returns a display name for a value that may be a string, or an object with FQDN/Name/ComputerName.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [object] $InputObject)
    if ($null -eq $InputObject) { return $null }
    if ($InputObject -is [string]) {
        if ($InputObject.Trim().Length -eq 0) { return $null }
        return $InputObject.Trim()
    }
    $name = Get-CollectorPropertyValue $InputObject 'FQDN', 'Name', 'ComputerName', 'ClusterName'
    if ($null -ne $name) { return ([string]$name).Trim() }
    $text = [string]$InputObject
    if ($text.Trim().Length -eq 0) { return $null }
    return $text.Trim()
}

function New-CollectionErrorList {
    [CmdletBinding()]
    param()
    return , (New-Object System.Collections.Generic.List[object])
}

function Add-CollectionError {
    <#
    .SYNOPSIS
        Appends one { source, target, message } entry to the snapshot's collectionErrors list.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList,
        [Parameter(Mandatory = $true)] [string] $Source,
        [AllowNull()] [string] $Target,
        [AllowNull()] [object] $ErrorRecord,
        [AllowNull()] [string] $Message
    )
    $text = $Message
    if (-not $text -and $null -ne $ErrorRecord) {
        if ($ErrorRecord -is [System.Management.Automation.ErrorRecord]) {
            $exception = $ErrorRecord.Exception
            # Unwrap "Exception calling X with N argument(s)" to the real cause.
            while ($exception -is [System.Management.Automation.MethodInvocationException] -and $null -ne $exception.InnerException) {
                $exception = $exception.InnerException
            }
            $text = $exception.Message
        }
        elseif ($ErrorRecord -is [System.Exception]) {
            $text = $ErrorRecord.Message
        }
        else {
            $text = [string]$ErrorRecord
        }
    }
    if (-not $text) { $text = 'Unknown error.' }
    $text = ($text -replace '\s+', ' ').Trim()
    if ($text.Length -gt 4000) { $text = $text.Substring(0, 4000) }
    if ($Target -and $Target.Length -gt 256) { $Target = $Target.Substring(0, 256) }
    if (-not $Target) { $Target = $null }
    $ErrorList.Add([pscustomobject][ordered]@{
            source  = $Source
            target  = $Target
            message = $text
        })
    Write-Verbose ("Collection error [{0}] {1}: {2}" -f $Source, $Target, $text)
}

function Invoke-CollectorStep {
    <#
    .SYNOPSIS
        Runs one read-only collection step; on failure records a collection error and returns $null.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList,
        [Parameter(Mandatory = $true)] [string] $Source,
        [AllowNull()] [string] $Target,
        [Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock
    )
    $ErrorActionPreference = 'Stop'
    try {
        return (& $ScriptBlock)
    }
    catch {
        Add-CollectionError -ErrorList $ErrorList -Source $Source -Target $Target -ErrorRecord $_
        return $null
    }
}

function Invoke-CollectorListStep {
    <#
    .SYNOPSIS
        Like Invoke-CollectorStep for steps that return a list: returns an array (possibly empty) on success,
        $null on failure, so "nothing found" and "could not read" stay distinct.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $ErrorList,
        [Parameter(Mandatory = $true)] [string] $Source,
        [AllowNull()] [string] $Target,
        [Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock
    )
    $ErrorActionPreference = 'Stop'
    try {
        $items = @(& $ScriptBlock | Where-Object { $null -ne $_ })
        return , $items
    }
    catch {
        Add-CollectionError -ErrorList $ErrorList -Source $Source -Target $Target -ErrorRecord $_
        return $null
    }
}

function ConvertTo-CollectorInt {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [object] $Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.DBNull]) { return $null }
    $text = ([string]$Value).Trim()
    $number = [long]0
    if ([long]::TryParse($text, [System.Globalization.NumberStyles]::Integer, [System.Globalization.CultureInfo]::InvariantCulture, [ref]$number)) {
        return $number
    }
    return $null
}

function ConvertTo-CollectorBool {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [object] $Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.DBNull]) { return $null }
    if ($Value -is [bool]) { return $Value }
    $text = ([string]$Value).Trim()
    if ($text -match '^(true|yes|1)$') { return $true }
    if ($text -match '^(false|no|0)$') { return $false }
    return $null
}

function ConvertTo-IsoTimestamp {
    <#
    .SYNOPSIS
        Formats a date as ISO 8601 with an explicit UTC offset, e.g. 2024-05-01T10:00:00.000+02:00.
    .PARAMETER UtcOffsetMinutes
        Offset of a DateTime whose Kind is Unspecified (for example a SQL Server datetime in server local time).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [AllowNull()] [object] $Value,
        [AllowNull()] [object] $UtcOffsetMinutes
    )
    if ($null -eq $Value -or $Value -is [System.DBNull]) { return $null }
    $format = "yyyy-MM-dd'T'HH:mm:ss.fffzzz"
    $culture = [System.Globalization.CultureInfo]::InvariantCulture
    if ($Value -is [System.DateTimeOffset]) { return $Value.ToString($format, $culture) }
    if ($Value -is [datetime]) {
        if ($Value.Kind -eq [System.DateTimeKind]::Utc) {
            return ([System.DateTimeOffset]::new($Value, [TimeSpan]::Zero)).ToString($format, $culture)
        }
        $offsetMinutes = ConvertTo-CollectorInt $UtcOffsetMinutes
        if ($null -ne $offsetMinutes) {
            $unspecified = [datetime]::SpecifyKind($Value, [System.DateTimeKind]::Unspecified)
            return ([System.DateTimeOffset]::new($unspecified, [TimeSpan]::FromMinutes($offsetMinutes))).ToString($format, $culture)
        }
        return ([System.DateTimeOffset]::new($Value)).ToString($format, $culture)
    }
    $parsed = [System.DateTimeOffset]::MinValue
    if ([System.DateTimeOffset]::TryParse([string]$Value, $culture, [System.Globalization.DateTimeStyles]::AssumeUniversal, [ref]$parsed)) {
        return $parsed.ToString($format, $culture)
    }
    return $null
}

function ConvertTo-ServiceAccountInfo {
    <#
    .SYNOPSIS
        Classifies a Windows service logon name as LocalSystem, Domain or GroupManaged (contract v1 serviceAccount).
    .DESCRIPTION
        LocalSystem: "LocalSystem", "NT AUTHORITY\SYSTEM", "SYSTEM", or DOMAIN\COMPUTER$ where COMPUTER is one of the
        VMM computers (-ComputerName): that is how the local system account appears on the network. GroupManaged:
        any other name ending with "$" (group managed service accounts are AD computer-like objects; VMM supports
        gMSA from 2019). Anything else is a Domain account.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [AllowNull()] [string] $Account,
        [AllowNull()] [string[]] $ComputerName = @()
    )
    if (-not $Account -or $Account.Trim().Length -eq 0) { return $null }
    $name = $Account.Trim()
    if ($name -match '^(\.\\)?(LocalSystem|NT AUTHORITY\\SYSTEM|SYSTEM)$') {
        return [pscustomobject][ordered]@{ kind = 'LocalSystem'; name = 'LocalSystem' }
    }
    if ($name.EndsWith('$')) {
        $accountName = $name.Substring(0, $name.Length - 1)
        if ($accountName.Contains('\')) { $accountName = $accountName.Split([char]'\')[1] }
        if ($accountName.Contains('@')) { $accountName = $accountName.Split([char]'@')[0] }
        foreach ($computer in @($ComputerName | Where-Object { $_ })) {
            if ((Get-CollectorShortName $computer) -eq $accountName.ToLowerInvariant()) {
                return [pscustomobject][ordered]@{ kind = 'LocalSystem'; name = 'LocalSystem' }
            }
        }
    }
    if ($name.EndsWith('$')) {
        return [pscustomobject][ordered]@{ kind = 'GroupManaged'; name = $name }
    }
    return [pscustomobject][ordered]@{ kind = 'Domain'; name = $name }
}

function Get-CollectorShortName {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [AllowNull()] [string] $Name)
    if (-not $Name) { return $null }
    return ($Name.Split('.')[0]).ToLowerInvariant()
}

function Test-CollectorSameComputer {
    [CmdletBinding()]
    param([AllowNull()] [string] $Left, [AllowNull()] [string] $Right)
    if (-not $Left -or -not $Right) { return $false }
    if ($Left -ieq $Right) { return $true }
    return ((Get-CollectorShortName $Left) -eq (Get-CollectorShortName $Right))
}

function Copy-CollectorJsonValue {
    <#
    .SYNOPSIS
        Copies an object graph into plain PSCustomObjects, object[] arrays and scalars, writing the copy to $Slot[0].
    .DESCRIPTION
        Windows PowerShell 5.1's ConvertTo-Json writes an array that travelled through the pipeline as a single,
        PSObject-wrapped object as {"value":[...],"Count":n}. The copy is built with assignments and method calls only
        (never returned through the pipeline), so every array in it is a plain object[] and serializes as a JSON array
        on 5.1 and 7 alike. Dictionary and property order is kept.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [AllowNull()] [object] $Value,
        [Parameter(Mandatory = $true, Position = 1)] [AllowNull()] [AllowEmptyCollection()] [object[]] $Slot
    )
    if ($null -eq $Value -or $Value -is [System.DBNull]) { $Slot[0] = $null; return }
    $base = $Value
    if ($Value -isnot [System.Management.Automation.PSCustomObject]) { $base = $Value.PSObject.BaseObject }
    if ($base -is [string] -or $base -is [System.ValueType]) { $Slot[0] = $base; return }
    $child = @($null)
    if ($base -is [System.Collections.IDictionary]) {
        $copy = [ordered]@{}
        foreach ($key in $base.Keys) {
            Copy-CollectorJsonValue $base[$key] $child
            $copy[[string]$key] = $child[0]
        }
        $Slot[0] = [pscustomobject]$copy
        return
    }
    if ($base -is [System.Management.Automation.PSCustomObject]) {
        $copy = [ordered]@{}
        foreach ($property in $Value.PSObject.Properties) {
            Copy-CollectorJsonValue $property.Value $child
            $copy[$property.Name] = $child[0]
        }
        $Slot[0] = [pscustomobject]$copy
        return
    }
    if ($base -is [System.Collections.IEnumerable]) {
        $items = New-Object System.Collections.ArrayList
        foreach ($item in $base) {
            Copy-CollectorJsonValue $item $child
            $null = $items.Add($child[0])
        }
        $Slot[0] = $items.ToArray()
        return
    }
    $Slot[0] = [string]$base
}
