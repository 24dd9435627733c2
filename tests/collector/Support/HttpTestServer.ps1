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
