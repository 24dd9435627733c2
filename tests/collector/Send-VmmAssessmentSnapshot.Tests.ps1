BeforeAll {
    . (Join-Path $PSScriptRoot 'Support/HttpTestServer.ps1')
    Import-Module (Join-Path $PSScriptRoot '../../collector/VmmAssess.Collector/VmmAssess.Collector.psd1') -Force

    function global:New-TestSnapshot {
        [pscustomobject][ordered]@{
            schemaVersion     = '1.0'
            snapshotId        = [guid]::NewGuid().ToString()
            tenantId          = 'contoso'
            environmentId     = 'prod'
            collectedAt       = '2024-06-01T10:00:00.000+02:00'
            collector         = [pscustomobject][ordered]@{ name = 'VmmAssess.Collector'; version = '1.0.0' }
            targetVersion     = '2019'
            vmm               = [pscustomobject][ordered]@{ product = '2016'; updateRollup = 6; build = '4.0.2413.0' }
            hosts             = @([pscustomobject][ordered]@{ name = 'hv01.contoso.com'; platform = 'HyperV'; os = [pscustomobject][ordered]@{ caption = 'Windows Server 2016 Datacenter'; build = '10.0.14393'; installationType = 'Server' } })
            collectionErrors  = @()
        }
    }
    $script:functionKey = 'fk-' + [guid]::NewGuid().ToString('N')
    $script:sasKey = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('sas-key-' + [guid]::NewGuid().ToString('N')))
    $script:fastRetry = @{ InitialDelaySeconds = 0.05; MaxDelaySeconds = 0.2; TimeoutSeconds = 10 }
}

AfterAll {
    Remove-Module VmmAssess.Collector -ErrorAction SilentlyContinue
}

Describe 'Send-VmmAssessmentSnapshot to the webhook' {

    Context 'accepted on the first attempt' {
        BeforeAll {
            $snapshot = New-TestSnapshot
            $location = "/api/tenants/contoso/assessments/$($snapshot.snapshotId)"
            $server = Start-TestHttpServer -Responses @(@{ Status = 202; Location = $location; ContentType = 'application/json'; Body = ('{"snapshotId":"' + $snapshot.snapshotId + '","status":"Queued"}') })
            try {
                $verbose = Send-VmmAssessmentSnapshot -Snapshot $snapshot -Uri $server.BaseUri -TenantId contoso -FunctionKey $script:functionKey @fastRetry -Verbose 4>&1
                $answer = @($verbose | Where-Object { $_ -is [string] })
                $verboseText = (@($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | ForEach-Object { $_.Message }) -join "`n"
                $requests = Get-TestHttpRequests $server
            }
            finally {
                Stop-TestHttpServer $server
            }
        }

        It 'returns the Location of the 202 answer' {
            $answer | Should -Be @($location)
        }

        It 'POSTs once to /api/tenants/{tenantId}/snapshots' {
            $requests.Count | Should -Be 1
            $requests[0].Method | Should -Be 'POST'
            $requests[0].Path | Should -Be '/api/tenants/contoso/snapshots'
        }

        It 'sends gzip-compressed JSON with the function key and the idempotency key' {
            $headers = $requests[0].Headers
            $headers['Content-Encoding'] | Should -Be 'gzip'
            $headers['Content-Type'] | Should -Match '^application/json'
            $headers['x-functions-key'] | Should -Be $script:functionKey
            $headers['Idempotency-Key'] | Should -Be $snapshot.snapshotId
        }

        It 'sends a body that decompresses to the snapshot JSON' {
            $requests[0].Body[0] | Should -Be 0x1f
            $requests[0].Body[1] | Should -Be 0x8b
            $json = ConvertFrom-GzipBytes $requests[0].Body
            $json | Should -Be ($snapshot | ConvertTo-Json -Depth 20)
            ($json | ConvertFrom-Json).snapshotId | Should -Be $snapshot.snapshotId
        }

        It 'never writes the function key to verbose output' {
            $verboseText | Should -Not -BeNullOrEmpty
            $verboseText | Should -Not -Match ([regex]::Escape($script:functionKey))
        }
    }

    Context 'transient failures' {
        It 'retries a 503 and then succeeds' {
            $snapshot = New-TestSnapshot
            $server = Start-TestHttpServer -Responses @(
                @{ Status = 503; Body = 'busy' },
                @{ Status = 503; Body = 'busy' },
                @{ Status = 202; Location = '/api/tenants/contoso/assessments/x' }
            )
            try {
                $answer = Send-VmmAssessmentSnapshot -Snapshot $snapshot -Uri $server.BaseUri -TenantId contoso -MaxRetries 3 @fastRetry
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $answer | Should -Be '/api/tenants/contoso/assessments/x'
            $requests.Count | Should -Be 3
            @($requests | ForEach-Object { $_.Headers['Idempotency-Key'] } | Select-Object -Unique) | Should -Be @($snapshot.snapshotId)
        }

        It 'retries 408 and 429 as well' {
            $server = Start-TestHttpServer -Responses @(@{ Status = 408 }, @{ Status = 429 }, @{ Status = 202; Location = '/ok' })
            try { $answer = New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -MaxRetries 2 @fastRetry }
            finally { Stop-TestHttpServer $server }
            $answer | Should -Be '/ok'
        }

        It 'honours Retry-After before the next attempt' {
            $server = Start-TestHttpServer -Responses @(
                @{ Status = 429; Headers = @{ 'Retry-After' = '1' } },
                @{ Status = 202; Location = '/after-wait' }
            )
            try {
                $answer = New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -MaxRetries 1 -InitialDelaySeconds 0 -MaxDelaySeconds 0 -TimeoutSeconds 10
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $answer | Should -Be '/after-wait'
            $requests.Count | Should -Be 2
            ($requests[1].ReceivedAt - $requests[0].ReceivedAt).TotalMilliseconds | Should -BeGreaterOrEqual 900
        }

        It 'gives up after MaxRetries retries and reports the last failure' {
            $server = Start-TestHttpServer -Responses @(@{ Status = 503 }, @{ Status = 503 }, @{ Status = 503 })
            try {
                { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -MaxRetries 2 @fastRetry } |
                    Should -Throw -ExpectedMessage '*failed after 3 attempt(s)*HTTP 503*'
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $requests.Count | Should -Be 3
        }

        It 'retries connection errors and then gives up' {
            $closedPort = Get-FreeLoopbackPort
            { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri "http://127.0.0.1:$closedPort" -TenantId contoso -MaxRetries 1 @fastRetry } |
                Should -Throw -ExpectedMessage '*failed after 2 attempt(s)*Connection failed*'
        }
    }

    Context 'rejections' {
        It 'throws on 400 with the problem details errors and does not retry' {
            $problem = '{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The snapshot is invalid.","status":400,"errors":{"$.hosts[0].os.build":["required"],"$.tenantId":["does not match the route"]}}'
            $server = Start-TestHttpServer -Responses @(@{ Status = 400; ContentType = 'application/problem+json'; Body = $problem }, @{ Status = 202 })
            try {
                $thrown = $null
                try { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -MaxRetries 3 @fastRetry }
                catch { $thrown = $_ }
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $thrown | Should -Not -BeNullOrEmpty
            $thrown.Exception.Message | Should -BeLike '*HTTP 400*The snapshot is invalid.*'
            $thrown.Exception.Message | Should -BeLike '*$.hosts`[0`].os.build: required*'
            $thrown.Exception.Message | Should -BeLike '*$.tenantId: does not match the route*'
            $requests.Count | Should -Be 1
        }

        It 'reads problem details whose errors are a list of { path, message }' {
            $problem = '{"title":"Invalid snapshot","status":400,"errors":[{"path":"$.vmm.product","message":"must be one of 2012R2, 2016, 1801, 1807, 2019, 2022, 2025"}]}'
            $server = Start-TestHttpServer -Responses @(@{ Status = 400; ContentType = 'application/problem+json'; Body = $problem })
            try { { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso @fastRetry } | Should -Throw -ExpectedMessage '*$.vmm.product: must be one of*' }
            finally { Stop-TestHttpServer $server }
        }

        It 'does not retry 401 and does not reveal the key in the error' {
            $server = Start-TestHttpServer -Responses @(@{ Status = 401; Body = 'Unauthorized' }, @{ Status = 202 })
            try {
                $thrown = $null
                try { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -FunctionKey $script:functionKey @fastRetry } catch { $thrown = $_ }
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $thrown.Exception.Message | Should -BeLike '*HTTP 401*'
            $thrown.Exception.Message | Should -Not -Match ([regex]::Escape($script:functionKey))
            $requests.Count | Should -Be 1
        }

        It 'refuses a snapshot of another tenant before sending' {
            { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri 'http://127.0.0.1:9' -TenantId fabrikam -MaxRetries 0 } | Should -Throw -ExpectedMessage "*belongs to tenant 'contoso'*"
        }
    }

    Context 'a snapshot given as JSON text (exported earlier)' {
        It 'sends the text unchanged' {
            $snapshot = New-TestSnapshot
            $text = $snapshot | ConvertTo-Json -Depth 20 -Compress
            $server = Start-TestHttpServer -Responses @(@{ Status = 202; Location = '/from-file' })
            try {
                $answer = $text | Send-VmmAssessmentSnapshot -Uri ($server.BaseUri + '/') -TenantId contoso @fastRetry
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $answer | Should -Be '/from-file'
            ConvertFrom-GzipBytes $requests[0].Body | Should -Be $text
            $requests[0].Headers['Idempotency-Key'] | Should -Be $snapshot.snapshotId
            $requests[0].Path | Should -Be '/api/tenants/contoso/snapshots'
        }
    }
}

Describe 'Send-VmmAssessmentSnapshot straight to Service Bus' {
    BeforeAll {
        $snapshot = New-TestSnapshot
        $server = Start-TestHttpServer -Responses @(@{ Status = 503 }, @{ Status = 201 })
        try {
            $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
            $output = Send-VmmAssessmentSnapshot -Snapshot $snapshot -ServiceBusNamespace 'contoso-vmmassess' -QueueName 'snapshots' `
                -SasKeyName 'collector-send' -SasKey $script:sasKey -ServiceBusEndpoint $server.BaseUri -MaxRetries 2 @fastRetry -Verbose 4>&1
            $after = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
            $answer = @($output | Where-Object { $_ -is [string] })
            $verboseText = (@($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | ForEach-Object { $_.Message }) -join "`n"
            $requests = Get-TestHttpRequests $server
        }
        finally { Stop-TestHttpServer $server }
        $request = $requests[-1]
        $authorization = [string]$request.Headers['Authorization']
        $fields = @{}
        if ($authorization -match '^SharedAccessSignature (.+)$') {
            foreach ($pair in $Matches[1].Split('&')) {
                $parts = $pair.Split('=', 2)
                $fields[$parts[0]] = $parts[1]
            }
        }
    }

    It 'returns the snapshotId after retrying the 503' {
        $answer | Should -Be @($snapshot.snapshotId)
        $requests.Count | Should -Be 2
    }

    It 'POSTs to /{queue}/messages' {
        $request.Method | Should -Be 'POST'
        $request.Path | Should -Be '/snapshots/messages'
    }

    It 'signs with a SharedAccessSignature token: sr, sig, se, skn' {
        $authorization | Should -Match '^SharedAccessSignature sr=[^&]+&sig=[^&]+&se=\d+&skn=[^&]+$'
        [System.Net.WebUtility]::UrlDecode($fields['sr']) | Should -Be 'https://contoso-vmmassess.servicebus.windows.net/snapshots'
        $fields['skn'] | Should -Be 'collector-send'
        [long]$fields['se'] | Should -BeGreaterOrEqual ($before + 3600)
        [long]$fields['se'] | Should -BeLessOrEqual ($after + 3600)
    }

    It 'has a signature that verifies with the key: HMAC-SHA256 over url-encoded resource, newline, expiry' {
        $hmac = New-Object System.Security.Cryptography.HMACSHA256 -ArgumentList @(, [Text.Encoding]::UTF8.GetBytes($script:sasKey))
        $expected = [Convert]::ToBase64String($hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes($fields['sr'] + "`n" + $fields['se'])))
        $hmac.Dispose()
        [System.Net.WebUtility]::UrlDecode($fields['sig']) | Should -Be $expected
    }

    It 'sets BrokerProperties MessageId to the snapshotId' {
        ($request.Headers['BrokerProperties'] | ConvertFrom-Json).MessageId | Should -Be $snapshot.snapshotId
    }

    It 'sends the gzip body with the ContentEncoding custom property and a JSON content type' {
        $request.Headers['ContentEncoding'] | Should -Be 'gzip'
        $request.Headers['TenantId'] | Should -Be 'contoso'
        $request.Headers['EnvironmentId'] | Should -Be 'prod'
        $request.Headers['SnapshotId'] | Should -Be $snapshot.snapshotId
        $request.Headers['Content-Encoding'] | Should -BeNullOrEmpty
        $request.Headers['Content-Type'] | Should -Match '^application/json'
        ConvertFrom-GzipBytes $request.Body | Should -Be ($snapshot | ConvertTo-Json -Depth 20)
    }

    It 'never writes the SAS key or the signature to verbose output' {
        $verboseText | Should -Not -BeNullOrEmpty
        $verboseText | Should -Not -Match ([regex]::Escape($script:sasKey))
        $verboseText | Should -Not -Match ([regex]::Escape($fields['sig']))
    }
}

Describe 'Send-VmmAssessmentSnapshot through a proxy' {
    It 'sends the request to the proxy given with -Proxy (absolute URI of a host only the proxy can reach)' {
        $proxy = Start-TestHttpProxy
        try {
            $snapshot = New-TestSnapshot
            $answer = Send-VmmAssessmentSnapshot -Snapshot $snapshot -Uri 'http://vmmassess.example.invalid' -TenantId contoso -FunctionKey $script:functionKey -Proxy $proxy.Uri -MaxRetries 0 -TimeoutSeconds 10
            $answer | Should -Be '/api/tenants/contoso/assessments/via-proxy'
            $requests = @($proxy.Requests.ToArray())
            $requests.Count | Should -Be 1
            $requests[0].RequestLine | Should -Be 'POST http://vmmassess.example.invalid/api/tenants/contoso/snapshots HTTP/1.1'
            $requests[0].Headers['Idempotency-Key'] | Should -Be $snapshot.snapshotId
        }
        finally { Stop-TestHttpProxy $proxy }
    }

    It 'answers the proxy''s challenge with -ProxyCredential and never shows the password' {
        $password = 'p-' + [guid]::NewGuid().ToString('N')
        $proxy = Start-TestHttpProxy -BasicCredential ('collector:' + $password)
        try {
            $credential = New-Object System.Management.Automation.PSCredential('collector', (ConvertTo-SecureString $password -AsPlainText -Force))
            $output = Send-VmmAssessmentSnapshot -Snapshot (New-TestSnapshot) -Uri 'http://vmmassess.example.invalid' -TenantId contoso -Proxy $proxy.Uri -ProxyCredential $credential -MaxRetries 0 -TimeoutSeconds 10 -Verbose 4>&1
            @($output | Where-Object { $_ -is [string] }) | Should -Be @('/api/tenants/contoso/assessments/via-proxy')
            ($output | Out-String) | Should -Not -Match $password
            $requests = @($proxy.Requests.ToArray())
            $requests[-1].Headers['Proxy-Authorization'] | Should -Be ('Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('collector:' + $password)))
        }
        finally { Stop-TestHttpProxy $proxy }
    }

    It 'uses the system proxy when no -Proxy is given' {
        $proxy = InModuleScope VmmAssess.Collector { New-CollectorWebProxy -Proxy $null -ProxyCredential $null }
        $proxy | Should -Not -BeNullOrEmpty
        $proxy.GetType().FullName | Should -Not -Be 'System.Net.WebProxy' -Because 'the system proxy, not an empty WebProxy that would send everything directly'
        $proxy.Credentials | Should -Be ([System.Net.CredentialCache]::DefaultNetworkCredentials)
    }
}
