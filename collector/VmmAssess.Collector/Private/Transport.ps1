# Serialization, compression, Service Bus SAS tokens and an HTTP POST with retries.
# HTTP goes through System.Net.Http.HttpClient (available on Windows PowerShell 5.1 and PowerShell 7), so
# status codes and headers of error answers are read the same way on both.

function ConvertTo-SnapshotJson {
    <#
    .SYNOPSIS
        Returns the snapshot as JSON text. A string is taken as JSON already and returned unchanged.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Snapshot)
    if ($Snapshot -is [string]) { return $Snapshot }
    $slot = @($null)
    Copy-CollectorJsonValue $Snapshot $slot
    return (ConvertTo-Json -InputObject $slot[0] -Depth 20)
}

function Get-SnapshotIdentity {
    <#
    .SYNOPSIS
        Reads snapshotId and tenantId from a snapshot object or JSON text.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [object] $Snapshot)
    $value = $Snapshot
    if ($Snapshot -is [string]) { $value = $Snapshot | ConvertFrom-Json }
    $snapshotId = [string](Get-CollectorPropertyValue $value 'snapshotId')
    $tenantId = [string](Get-CollectorPropertyValue $value 'tenantId')
    $environmentId = [string](Get-CollectorPropertyValue $value 'environmentId')
    if ($snapshotId -notmatch '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$') {
        throw 'The snapshot has no valid snapshotId (a GUID). Create it with Get-VmmAssessmentSnapshot.'
    }
    return [pscustomobject]@{ SnapshotId = $snapshotId; TenantId = $tenantId; EnvironmentId = $environmentId }
}

function ConvertTo-GzipBytes {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [AllowEmptyString()] [string] $Text)
    $bytes = (New-Object System.Text.UTF8Encoding($false)).GetBytes($Text)
    $output = New-Object System.IO.MemoryStream
    try {
        $gzip = New-Object System.IO.Compression.GZipStream($output, [System.IO.Compression.CompressionMode]::Compress, $true)
        try { $gzip.Write($bytes, 0, $bytes.Length) } finally { $gzip.Dispose() }
        return , $output.ToArray()
    }
    finally {
        $output.Dispose()
    }
}

function New-ServiceBusSasToken {
    <#
    .SYNOPSIS
        Creates a Service Bus shared access signature:
        SharedAccessSignature sr=<url-encoded resource>&sig=<url-encoded HMAC-SHA256>&se=<expiry>&skn=<key name>
    .DESCRIPTION
        String to sign: url-encoded resource URI, a line feed, and the expiry in seconds since 1970-01-01 UTC.
        Microsoft: https://learn.microsoft.com/azure/service-bus-messaging/service-bus-sas
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $ResourceUri,
        [Parameter(Mandatory = $true)] [string] $KeyName,
        [Parameter(Mandatory = $true)] [string] $Key,
        [int] $LifetimeSeconds = 3600,
        [System.Nullable[long]] $Expiry
    )
    if ($null -eq $Expiry) {
        # Seconds since 1970-01-01 UTC (computed by hand: DateTimeOffset.ToUnixTimeSeconds needs .NET Framework 4.6).
        $epoch = New-Object System.DateTime(1970, 1, 1, 0, 0, 0, [System.DateTimeKind]::Utc)
        $Expiry = [long][Math]::Floor(([System.DateTime]::UtcNow - $epoch).TotalSeconds) + $LifetimeSeconds
    }
    $encodedResource = [System.Net.WebUtility]::UrlEncode($ResourceUri)
    $stringToSign = $encodedResource + "`n" + [string]$Expiry
    $hmac = New-Object System.Security.Cryptography.HMACSHA256 -ArgumentList @(, [System.Text.Encoding]::UTF8.GetBytes($Key))
    try {
        $signature = [System.Convert]::ToBase64String($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($stringToSign)))
    }
    finally {
        $hmac.Dispose()
    }
    return ('SharedAccessSignature sr={0}&sig={1}&se={2}&skn={3}' -f $encodedResource, [System.Net.WebUtility]::UrlEncode($signature), $Expiry, $KeyName)
}

function Get-RetryAfterDelay {
    <#
    .SYNOPSIS
        Returns the delay a Retry-After header asks for (delta seconds or an HTTP date), or $null.
    #>
    [CmdletBinding()]
    param([AllowNull()] [object] $Response)
    if ($null -eq $Response) { return $null }
    $retryAfter = $Response.Headers.RetryAfter
    if ($null -eq $retryAfter) { return $null }
    if ($null -ne $retryAfter.Delta) { return [TimeSpan]$retryAfter.Delta }
    if ($null -ne $retryAfter.Date) {
        $delay = ([System.DateTimeOffset]$retryAfter.Date) - [System.DateTimeOffset]::UtcNow
        if ($delay -lt [TimeSpan]::Zero) { return [TimeSpan]::Zero }
        return $delay
    }
    return $null
}

function Get-ProblemDetailsMessage {
    <#
    .SYNOPSIS
        Turns an RFC 7807 problem details body into one readable line, listing the validation errors.
    #>
    [CmdletBinding()]
    param([AllowNull()] [string] $Body)
    if (-not $Body) { return $null }
    try { $problem = $Body | ConvertFrom-Json -ErrorAction Stop } catch { return $Body.Trim() }
    $parts = New-Object System.Collections.Generic.List[string]
    $title = Get-CollectorPropertyValue $problem 'title'
    $detail = Get-CollectorPropertyValue $problem 'detail'
    if ($title) { $parts.Add([string]$title) }
    if ($detail -and $detail -ne $title) { $parts.Add([string]$detail) }
    $errors = $null
    $errorsProperty = $problem.PSObject.Properties['errors']
    if ($null -ne $errorsProperty) { $errors = $errorsProperty.Value }
    if ($null -ne $errors) {
        if ($errors -is [System.Array]) {
            foreach ($entry in $errors) {
                if ($entry -is [string]) { $parts.Add($entry); continue }
                $path = Get-CollectorPropertyValue $entry 'path', 'jsonPath', 'pointer', 'field', 'name'
                $message = Get-CollectorPropertyValue $entry 'message', 'error', 'detail', 'title'
                if ($path) { $parts.Add(('{0}: {1}' -f $path, $message)) } else { $parts.Add([string]$message) }
            }
        }
        else {
            foreach ($property in $errors.PSObject.Properties) {
                $messages = @($property.Value) -join '; '
                $parts.Add(('{0}: {1}' -f $property.Name, $messages))
            }
        }
    }
    if ($parts.Count -eq 0) { return $Body.Trim() }
    return ($parts -join ' | ')
}

function Test-TransientStatusCode {
    [CmdletBinding()]
    param([int] $StatusCode)
    return ($StatusCode -eq 408 -or $StatusCode -eq 429 -or ($StatusCode -ge 500 -and $StatusCode -le 599))
}

function Invoke-CollectorHttpPost {
    <#
    .SYNOPSIS
        POSTs a body with retries on transient failures: 408, 429 and 5xx answers (honouring Retry-After) and
        connection errors, with exponential backoff. Returns the final response as
        @{ StatusCode; Location; Body; Attempts }. Non-transient failures and exhausted retries throw.
        Header values (keys, signatures) are never written to verbose output or error messages.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Uri,
        [Parameter(Mandatory = $true)] [byte[]] $Body,
        [string] $ContentType = 'application/json; charset=utf-8',
        [string[]] $ContentEncoding = @(),
        [hashtable] $Headers = @{},
        [ValidateRange(0, 100)] [int] $MaxRetries = 5,
        [ValidateRange(0, 3600)] [double] $InitialDelaySeconds = 2,
        [ValidateRange(0, 3600)] [double] $MaxDelaySeconds = 60,
        [ValidateRange(1, 3600)] [int] $TimeoutSeconds = 100,
        [AllowNull()] [uri] $Proxy,
        [AllowNull()] [System.Management.Automation.PSCredential] $ProxyCredential
    )
    if ($PSVersionTable.PSEdition -ne 'Core') {
        # Windows PowerShell 5.1 on older .NET Framework builds may not offer TLS 1.2 by default.
        [System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
    }
    $handler = New-Object System.Net.Http.HttpClientHandler
    $handler.AllowAutoRedirect = $false
    $handler.Proxy = New-CollectorWebProxy -Proxy $Proxy -ProxyCredential $ProxyCredential
    $handler.UseProxy = $true
    $client = New-Object System.Net.Http.HttpClient($handler)
    $client.Timeout = [TimeSpan]::FromSeconds($TimeoutSeconds)
    try {
        $attempt = 0
        while ($true) {
            $attempt++
            $request = New-Object System.Net.Http.HttpRequestMessage([System.Net.Http.HttpMethod]::Post, $Uri)
            $content = New-Object System.Net.Http.ByteArrayContent -ArgumentList @(, $Body)
            $content.Headers.ContentType = [System.Net.Http.Headers.MediaTypeHeaderValue]::Parse($ContentType)
            foreach ($encoding in $ContentEncoding) { $content.Headers.ContentEncoding.Add($encoding) }
            $request.Content = $content
            foreach ($name in $Headers.Keys) {
                $null = $request.Headers.TryAddWithoutValidation([string]$name, [string]$Headers[$name])
            }
            Write-Verbose ("POST {0} (attempt {1} of {2}, {3} bytes)" -f $Uri, $attempt, ($MaxRetries + 1), $Body.Length)
            $response = $null
            $failure = $null
            try {
                $response = $client.SendAsync($request).GetAwaiter().GetResult()
            }
            catch {
                $exception = $_.Exception
                while ($exception -is [System.Management.Automation.MethodInvocationException] -and $null -ne $exception.InnerException) { $exception = $exception.InnerException }
                $failure = 'Connection failed: ' + $exception.Message
                if ($null -ne $exception.InnerException) { $failure += ' ' + $exception.InnerException.Message }
            }
            finally {
                $request.Dispose()
            }

            $retryDelay = $null
            if ($null -ne $response) {
                $statusCode = [int]$response.StatusCode
                $responseBody = $null
                if ($null -ne $response.Content) { $responseBody = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult() }
                if ($statusCode -ge 200 -and $statusCode -le 299) {
                    $location = $null
                    if ($null -ne $response.Headers.Location) { $location = $response.Headers.Location.OriginalString }
                    $response.Dispose()
                    return [pscustomobject]@{ StatusCode = $statusCode; Location = $location; Body = $responseBody; Attempts = $attempt }
                }
                if (-not (Test-TransientStatusCode -StatusCode $statusCode)) {
                    $response.Dispose()
                    $detail = Get-ProblemDetailsMessage -Body $responseBody
                    $exceptionMessage = if ($statusCode -eq 400) { "The snapshot was rejected (HTTP 400): $detail" } else { "POST $Uri failed with HTTP $statusCode. $detail".Trim() }
                    $httpException = New-Object System.InvalidOperationException($exceptionMessage)
                    $httpException.Data['StatusCode'] = $statusCode
                    $httpException.Data['ResponseBody'] = $responseBody
                    throw $httpException
                }
                $failure = "HTTP $statusCode"
                $retryDelay = Get-RetryAfterDelay -Response $response
                $response.Dispose()
            }

            if ($attempt -gt $MaxRetries) {
                $giveUp = New-Object System.InvalidOperationException(("POST {0} failed after {1} attempt(s); last failure: {2}" -f $Uri, $attempt, $failure))
                $giveUp.Data['Attempts'] = $attempt
                throw $giveUp
            }
            if ($null -eq $retryDelay) {
                $seconds = [Math]::Min($MaxDelaySeconds, $InitialDelaySeconds * [Math]::Pow(2, $attempt - 1))
                $retryDelay = [TimeSpan]::FromSeconds($seconds)
            }
            elseif ($retryDelay.TotalSeconds -gt [Math]::Max($MaxDelaySeconds, 300)) {
                $retryDelay = [TimeSpan]::FromSeconds([Math]::Max($MaxDelaySeconds, 300))
            }
            Write-Verbose ("{0}; retrying in {1:N1} s." -f $failure, $retryDelay.TotalSeconds)
            if ($retryDelay.TotalMilliseconds -gt 0) { Start-Sleep -Milliseconds ([int][Math]::Ceiling($retryDelay.TotalMilliseconds)) }
        }
    }
    finally {
        $client.Dispose()
        $handler.Dispose()
    }
}

function New-CollectorWebProxy {
    <#
    .SYNOPSIS
        The proxy for HTTP requests: the one given (with its credential), else the system proxy (the Internet Options
        settings of the running account on Windows, HTTP(S)_PROXY on other systems). Without a credential the proxy is offered the
        Windows credentials of the account that runs the collector, so an authenticating corporate proxy accepts
        a scheduled task's group managed service account.
    #>
    [CmdletBinding()]
    param(
        [AllowNull()] [uri] $Proxy,
        [AllowNull()] [System.Management.Automation.PSCredential] $ProxyCredential
    )
    if ($null -ne $Proxy) {
        $webProxy = New-Object System.Net.WebProxy($Proxy)
        $webProxy.BypassProxyOnLocal = $false
    }
    else {
        $webProxy = [System.Net.WebRequest]::GetSystemWebProxy()
    }
    if ($null -ne $ProxyCredential -and $ProxyCredential -ne [System.Management.Automation.PSCredential]::Empty) {
        $webProxy.Credentials = $ProxyCredential.GetNetworkCredential()
    }
    else {
        $webProxy.Credentials = [System.Net.CredentialCache]::DefaultNetworkCredentials
    }
    return $webProxy
}

function Resolve-CollectorOutputPath {
    <#
    .SYNOPSIS
        The full path of the file to write: Path itself, or FileName inside Path when Path is an existing folder or
        ends with a path separator (\ or /), which names a folder even when it does not exist yet.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Path,
        [Parameter(Mandatory = $true)] [string] $FileName,
        [Parameter(Mandatory = $true)] [System.Management.Automation.SessionState] $SessionState
    )
    $fullPath = $SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    $namesFolder = $Path.EndsWith('\') -or $Path.EndsWith('/')
    if ($namesFolder -or [System.IO.Directory]::Exists($fullPath)) {
        $folder = $fullPath.TrimEnd([char[]]@('\', '/'))
        if (-not $folder) { $folder = $fullPath }
        return [System.IO.Path]::Combine($folder, $FileName)
    }
    return $fullPath
}
