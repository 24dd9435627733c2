# A scripted HTTP server on 127.0.0.1 (never any other address) for the Send-VmmAssessmentSnapshot tests.
# System.Net.HttpListener runs in a background runspace and answers each request with the next scripted
# response, recording method, path, headers, body bytes and arrival time.

function global:Get-FreeLoopbackPort {
    $probe = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Loopback, 0)
    $probe.Start()
    try { return ([System.Net.IPEndPoint]$probe.LocalEndpoint).Port } finally { $probe.Stop() }
}

function global:Start-TestHttpServer {
    param(
        # Each response: @{ Status = 202; Headers = @{ 'Retry-After' = '1' }; Location = '/x'; Body = '...'; ContentType = '...' }
        [Parameter(Mandatory = $true)] [object[]] $Responses
    )
    $port = Get-FreeLoopbackPort
    $listener = New-Object System.Net.HttpListener
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $requests = New-Object 'System.Collections.Concurrent.ConcurrentQueue[object]'
    $serverScript = {
        param($listener, $responses, $requests)
        foreach ($spec in $responses) {
            try { $context = $listener.GetContext() } catch { return }
            $request = $context.Request
            $buffer = New-Object System.IO.MemoryStream
            $request.InputStream.CopyTo($buffer)
            $headers = @{}
            foreach ($name in $request.Headers.AllKeys) { $headers[$name] = $request.Headers[$name] }
            $requests.Enqueue([pscustomobject]@{
                    Method     = $request.HttpMethod
                    Path       = $request.Url.AbsolutePath
                    RawUrl     = $request.RawUrl
                    Headers    = $headers
                    Body       = $buffer.ToArray()
                    ReceivedAt = [DateTime]::UtcNow
                })
            $response = $context.Response
            $response.StatusCode = [int]$spec.Status
            if ($spec.Location) { $response.RedirectLocation = [string]$spec.Location }
            if ($spec.Headers) { foreach ($key in $spec.Headers.Keys) { $response.AddHeader([string]$key, [string]$spec.Headers[$key]) } }
            $bytes = [byte[]]@()
            if ($spec.Body) { $bytes = [System.Text.Encoding]::UTF8.GetBytes([string]$spec.Body) }
            if ($spec.ContentType) { $response.ContentType = [string]$spec.ContentType }
            $response.ContentLength64 = $bytes.Length
            if ($bytes.Length -gt 0) { $response.OutputStream.Write($bytes, 0, $bytes.Length) }
            $response.Close()
        }
    }
    $powershell = [powershell]::Create()
    $null = $powershell.AddScript($serverScript).AddArgument($listener).AddArgument($Responses).AddArgument($requests)
    $handle = $powershell.BeginInvoke()
    return [pscustomobject]@{
        Port       = $port
        BaseUri    = "http://127.0.0.1:$port"
        Requests   = $requests
        Listener   = $listener
        PowerShell = $powershell
        Handle     = $handle
    }
}

function global:Get-TestHttpRequests {
    param([Parameter(Mandatory = $true)] $Server)
    return @($Server.Requests.ToArray())
}

function global:Stop-TestHttpServer {
    param([Parameter(Mandatory = $true)] $Server)
    try { $Server.Listener.Stop() } catch { }
    try { $Server.Listener.Close() } catch { }
    try { $null = $Server.Handle.AsyncWaitHandle.WaitOne(2000) } catch { }
    try { $Server.PowerShell.Dispose() } catch { }
}

function global:ConvertFrom-GzipBytes {
    param([Parameter(Mandatory = $true)] [byte[]] $Bytes)
    $compressed = New-Object System.IO.MemoryStream(, $Bytes)
    $gzip = New-Object System.IO.Compression.GZipStream($compressed, [System.IO.Compression.CompressionMode]::Decompress)
    $reader = New-Object System.IO.StreamReader($gzip, [System.Text.Encoding]::UTF8)
    try { return $reader.ReadToEnd() } finally { $reader.Dispose() }
}

function global:Start-TestHttpProxy {
    <#
    A forward HTTP proxy on 127.0.0.1 that answers every request itself (202 with a Location) and records the
    request line and headers, so a test can see that a request went through it. With -BasicCredential 'user:pass'
    it first answers 407 with a Basic challenge until a matching Proxy-Authorization arrives.
    #>
    param([string] $BasicCredential, [int] $MaxRequests = 4)
    $port = Get-FreeLoopbackPort
    $listener = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Loopback, $port)
    $listener.Start()
    $requests = New-Object 'System.Collections.Concurrent.ConcurrentQueue[object]'
    $expected = $null
    if ($BasicCredential) { $expected = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($BasicCredential)) }
    $proxyScript = {
        param($listener, $requests, $expected, $maxRequests)
        $served = 0
        while ($served -lt $maxRequests) {
            try { $client = $listener.AcceptTcpClient() } catch { return }
            $stream = $client.GetStream()
            $stream.ReadTimeout = 5000
            try {
                while ($served -lt $maxRequests) {
                    $headerBytes = New-Object System.Collections.Generic.List[byte]
                    while ($true) {
                        $b = $stream.ReadByte()
                        if ($b -lt 0) { break }
                        $headerBytes.Add([byte]$b)
                        $n = $headerBytes.Count
                        if ($n -ge 4 -and $headerBytes[$n - 4] -eq 13 -and $headerBytes[$n - 3] -eq 10 -and $headerBytes[$n - 2] -eq 13 -and $headerBytes[$n - 1] -eq 10) { break }
                    }
                    if ($headerBytes.Count -eq 0) { break }
                    $lines = [Text.Encoding]::ASCII.GetString($headerBytes.ToArray()).Split(@("`r`n"), [StringSplitOptions]::RemoveEmptyEntries)
                    $headers = @{}
                    foreach ($line in $lines[1..($lines.Count - 1)]) { $i = $line.IndexOf(':'); if ($i -gt 0) { $headers[$line.Substring(0, $i).Trim()] = $line.Substring($i + 1).Trim() } }
                    $length = 0
                    if ($headers.ContainsKey('Content-Length')) { $length = [int]$headers['Content-Length'] }
                    $body = New-Object byte[] $length
                    $read = 0
                    while ($read -lt $length) { $r = $stream.Read($body, $read, $length - $read); if ($r -le 0) { break }; $read += $r }
                    $served++
                    $requests.Enqueue([pscustomobject]@{ RequestLine = $lines[0]; Headers = $headers })
                    if ($expected -and $headers['Proxy-Authorization'] -ne $expected) {
                        $answer = "HTTP/1.1 407 Proxy Authentication Required`r`nProxy-Authenticate: Basic realm=`"test`"`r`nContent-Length: 0`r`n`r`n"
                    }
                    else {
                        $answer = "HTTP/1.1 202 Accepted`r`nLocation: /api/tenants/contoso/assessments/via-proxy`r`nContent-Length: 0`r`n`r`n"
                    }
                    $bytes = [Text.Encoding]::ASCII.GetBytes($answer)
                    $stream.Write($bytes, 0, $bytes.Length)
                    $stream.Flush()
                }
            }
            catch { }
            finally { $client.Close() }
        }
    }
    $powershell = [powershell]::Create()
    $null = $powershell.AddScript($proxyScript).AddArgument($listener).AddArgument($requests).AddArgument($expected).AddArgument($MaxRequests)
    $handle = $powershell.BeginInvoke()
    return [pscustomobject]@{ Uri = "http://127.0.0.1:$port"; Requests = $requests; Listener = $listener; PowerShell = $powershell; Handle = $handle }
}

function global:Stop-TestHttpProxy {
    param([Parameter(Mandatory = $true)] $Proxy)
    try { $Proxy.Listener.Stop() } catch { }
    try { $null = $Proxy.Handle.AsyncWaitHandle.WaitOne(2000) } catch { }
    try { $Proxy.PowerShell.Stop(); $Proxy.PowerShell.Dispose() } catch { }
}
