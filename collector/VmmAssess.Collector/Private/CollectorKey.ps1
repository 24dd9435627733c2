# Collector keys (vmmak_<keyId>_<secret>) and the signature of messages put straight on the Service Bus inbox queue.
# The scheme is specified in docs/security.md; docs/queue-signature-test-vector.json is a worked example that the
# Functions app's verifier is tested against too, so both sides stay byte-compatible.

$script:CollectorKeyPattern = '^vmmak_(?<keyId>[0-9a-f]{16})_(?<secret>[A-Za-z0-9_-]{43})\z'
$script:QueueSigningLabel = 'vmmassess-queue-signing-v1'

function ConvertTo-CollectorKeyText {
    <#
    .SYNOPSIS
        Returns the collector key as plain text from a string or a SecureString, trimmed of surrounding white space
        (a key read from a file often ends with a line break). Throws when it is not of the form
        vmmak_<16 lowercase hex>_<43 base64url characters>; the message never contains the key.
    #>
    [CmdletBinding()]
    param([AllowNull()] [object] $CollectorKey)
    $text = $null
    if ($CollectorKey -is [System.Security.SecureString]) {
        $pointer = [System.Runtime.InteropServices.Marshal]::SecureStringToBSTR($CollectorKey)
        try { $text = [System.Runtime.InteropServices.Marshal]::PtrToStringBSTR($pointer) }
        finally { [System.Runtime.InteropServices.Marshal]::ZeroFreeBSTR($pointer) }
    }
    elseif ($CollectorKey -is [string]) {
        $text = $CollectorKey
    }
    else {
        $typeName = if ($null -eq $CollectorKey) { 'nothing' } else { $CollectorKey.GetType().FullName }
        throw "-CollectorKey takes a string or a SecureString, not $typeName."
    }
    $text = $text.Trim()
    if ($text -cnotmatch $script:CollectorKeyPattern) {
        # Say what is wrong without echoing any of the secret.
        throw ("-CollectorKey is not a VmmAssess collector key: expected vmmak_<key id: 16 lowercase hex characters>_<secret: 43 characters of A-Z a-z 0-9 - _> (70 characters), got {0} characters{1}. Copy the whole key the administrator issued." -f `
                $text.Length, $(if ($text.StartsWith('vmmak_')) { ' starting with vmmak_' } else { ' not starting with vmmak_' }))
    }
    return $text
}

function Get-CollectorKeyId {
    <#
    .SYNOPSIS
        The key id of a collector key text: the 16 hex characters between vmmak_ and the secret. Not secret.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $CollectorKeyText)
    if ($CollectorKeyText -cnotmatch $script:CollectorKeyPattern) { throw 'Not a collector key.' }
    return $Matches['keyId']
}

function Get-Sha256Hex {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [AllowEmptyCollection()] [byte[]] $Bytes)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { $hash = $sha.ComputeHash($Bytes) } finally { $sha.Dispose() }
    return ([System.BitConverter]::ToString($hash).Replace('-', '').ToLowerInvariant())
}

function Get-HmacSha256 {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [byte[]] $Key,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [byte[]] $Data
    )
    $hmac = New-Object System.Security.Cryptography.HMACSHA256 -ArgumentList @(, $Key)
    try { return , $hmac.ComputeHash($Data) } finally { $hmac.Dispose() }
}

function New-QueueMessageSignature {
    <#
    .SYNOPSIS
        Signs a message for the inbox queue (scheme v1, docs/security.md):
        signingKey = HMAC-SHA256(key = UTF-8 of the whole collector key text, data = UTF-8 "vmmassess-queue-signing-v1");
        canonical  = "v1`n{keyId}`n{tenantId}`n{messageId}`n{lowercase hex SHA-256 of the body bytes as sent}";
        signature  = Base64(HMAC-SHA256(signingKey, UTF-8 canonical)).
        Returns { KeyId; BodySha256; Canonical; SigningKey (base64); Signature }. SigningKey is secret like the
        collector key; only the test vector shows it.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $CollectorKeyText,
        [Parameter(Mandatory = $true)] [string] $TenantId,
        [Parameter(Mandatory = $true)] [string] $MessageId,
        [Parameter(Mandatory = $true)] [AllowEmptyCollection()] [byte[]] $Body
    )
    $utf8 = New-Object System.Text.UTF8Encoding($false)
    $keyId = Get-CollectorKeyId -CollectorKeyText $CollectorKeyText
    $signingKey = Get-HmacSha256 -Key $utf8.GetBytes($CollectorKeyText) -Data $utf8.GetBytes($script:QueueSigningLabel)
    $bodySha256 = Get-Sha256Hex -Bytes $Body
    # Joined with "`n" explicitly: a here-string would take the line endings of this file.
    $canonical = @('v1', $keyId, $TenantId, $MessageId, $bodySha256) -join "`n"
    $signature = [System.Convert]::ToBase64String((Get-HmacSha256 -Key $signingKey -Data $utf8.GetBytes($canonical)))
    return [pscustomobject]@{
        KeyId      = $keyId
        BodySha256 = $bodySha256
        Canonical  = $canonical
        SigningKey = [System.Convert]::ToBase64String($signingKey)
        Signature  = $signature
    }
}
