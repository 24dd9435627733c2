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
    # A fresh key in the issued format: vmmak_<16 lowercase hex>_<43 base64url characters (32 random bytes)>.
    function global:New-TestCollectorKey {
        $secretBytes = New-Object byte[] 32
        $random = [System.Security.Cryptography.RandomNumberGenerator]::Create()
        $random.GetBytes($secretBytes)
        $random.Dispose()
        $secret = [Convert]::ToBase64String($secretBytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')
        'vmmak_' + [guid]::NewGuid().ToString('N').Substring(0, 16) + '_' + $secret
    }
    $script:collectorKey = New-TestCollectorKey
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
                $verbose = Send-VmmAssessmentSnapshot -Snapshot $snapshot -Uri $server.BaseUri -TenantId contoso -CollectorKey $script:collectorKey @fastRetry -Verbose 4>&1
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

        It 'sends gzip-compressed JSON with the collector key header and the idempotency key' {
            $headers = $requests[0].Headers
            $headers['Content-Encoding'] | Should -Be 'gzip'
            $headers['Content-Type'] | Should -Match '^application/json'
            $headers['X-VmmAssess-Collector-Key'] | Should -BeExactly $script:collectorKey
            $headers['Idempotency-Key'] | Should -Be $snapshot.snapshotId
        }

        It 'sends no function key and puts no key in the URL' {
            $requests[0].Headers.Keys | Should -Not -Contain 'x-functions-key'
            $requests[0].RawUrl | Should -BeExactly '/api/tenants/contoso/snapshots'
        }

        It 'sends a body that decompresses to the snapshot JSON' {
            $requests[0].Body[0] | Should -Be 0x1f
            $requests[0].Body[1] | Should -Be 0x8b
            $json = ConvertFrom-GzipBytes $requests[0].Body
            $json | Should -Be ($snapshot | ConvertTo-Json -Depth 20)
            ($json | ConvertFrom-Json).snapshotId | Should -Be $snapshot.snapshotId
        }

        It 'never writes the collector key to verbose output' {
            $verboseText | Should -Not -BeNullOrEmpty
            $verboseText | Should -Not -Match ([regex]::Escape($script:collectorKey))
        }
    }

    Context 'the collector key' {
        It 'takes the key as a SecureString and sends the same header' {
            $secure = ConvertTo-SecureString $script:collectorKey -AsPlainText -Force
            $server = Start-TestHttpServer -Responses @(@{ Status = 202; Location = '/secure' })
            try {
                $answer = New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -CollectorKey $secure @fastRetry
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $answer | Should -Be '/secure'
            $requests[0].Headers['X-VmmAssess-Collector-Key'] | Should -BeExactly $script:collectorKey
        }

        It 'ignores the line break of a key read from a file with Get-Content -Raw' {
            $keyFile = Join-Path $TestDrive 'collector-key.txt'
            [System.IO.File]::WriteAllText($keyFile, $script:collectorKey + "`r`n")
            $server = Start-TestHttpServer -Responses @(@{ Status = 202; Location = '/trimmed' })
            try {
                $null = New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -CollectorKey (Get-Content -LiteralPath $keyFile -Raw) @fastRetry
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $requests[0].Headers['X-VmmAssess-Collector-Key'] | Should -BeExactly $script:collectorKey
        }

        It 'refuses <Label> before sending anything, without showing the key' -ForEach @(
            @{ Label = 'a truncated key'; Make = { param($key) $key.Substring(0, 60) } }
            @{ Label = 'a key id in upper case'; Make = { param($key) 'vmmak_' + $key.Substring(6, 16).ToUpperInvariant() + $key.Substring(22) } }
            @{ Label = 'a function key'; Make = { param($key) 'fk-' + $key.Substring(23) } }
        ) {
            $badKey = & $Make $script:collectorKey
            $server = Start-TestHttpServer -Responses @(@{ Status = 202; Location = '/never' })
            try {
                $thrown = $null
                try { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -CollectorKey $badKey -MaxRetries 0 -TimeoutSeconds 2 } catch { $thrown = $_ }
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $thrown | Should -Not -BeNullOrEmpty
            $thrown.Exception.Message | Should -BeLike '*not a VmmAssess collector key*vmmak_<key id*'
            $thrown.Exception.Message | Should -Not -Match ([regex]::Escape($badKey.Substring($badKey.Length - 20)))
            $requests.Count | Should -Be 0
        }

        It 'no longer takes -FunctionKey' {
            (Get-Command Send-VmmAssessmentSnapshot).Parameters.Keys | Should -Not -Contain 'FunctionKey'
            { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri 'http://127.0.0.1:9' -TenantId contoso -FunctionKey 'abc' -MaxRetries 0 } | Should -Throw -ExpectedMessage '*FunctionKey*'
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
                $answer = Send-VmmAssessmentSnapshot -Snapshot $snapshot -Uri $server.BaseUri -TenantId contoso -CollectorKey $script:collectorKey -MaxRetries 3 @fastRetry
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $answer | Should -Be '/api/tenants/contoso/assessments/x'
            $requests.Count | Should -Be 3
            @($requests | ForEach-Object { $_.Headers['Idempotency-Key'] } | Select-Object -Unique) | Should -Be @($snapshot.snapshotId)
        }

        It 'retries 408 and 429 as well' {
            $server = Start-TestHttpServer -Responses @(@{ Status = 408 }, @{ Status = 429 }, @{ Status = 202; Location = '/ok' })
            try { $answer = New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -CollectorKey $script:collectorKey -MaxRetries 2 @fastRetry }
            finally { Stop-TestHttpServer $server }
            $answer | Should -Be '/ok'
        }

        It 'honours Retry-After before the next attempt' {
            $server = Start-TestHttpServer -Responses @(
                @{ Status = 429; Headers = @{ 'Retry-After' = '1' } },
                @{ Status = 202; Location = '/after-wait' }
            )
            try {
                $answer = New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -CollectorKey $script:collectorKey -MaxRetries 1 -InitialDelaySeconds 0 -MaxDelaySeconds 0 -TimeoutSeconds 10
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
                { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -CollectorKey $script:collectorKey -MaxRetries 2 @fastRetry } |
                    Should -Throw -ExpectedMessage '*failed after 3 attempt(s)*HTTP 503*'
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $requests.Count | Should -Be 3
        }

        It 'retries connection errors and then gives up' {
            $closedPort = Get-FreeLoopbackPort
            { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri "http://127.0.0.1:$closedPort" -TenantId contoso -CollectorKey $script:collectorKey -MaxRetries 1 @fastRetry } |
                Should -Throw -ExpectedMessage '*failed after 2 attempt(s)*Connection failed*'
        }
    }

    Context 'rejections' {
        It 'throws on 400 with the problem details errors and does not retry' {
            $problem = '{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The snapshot is invalid.","status":400,"errors":{"$.hosts[0].os.build":["required"],"$.tenantId":["does not match the route"]}}'
            $server = Start-TestHttpServer -Responses @(@{ Status = 400; ContentType = 'application/problem+json'; Body = $problem }, @{ Status = 202 })
            try {
                $thrown = $null
                try { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -CollectorKey $script:collectorKey -MaxRetries 3 @fastRetry }
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
            try { { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -CollectorKey $script:collectorKey @fastRetry } | Should -Throw -ExpectedMessage '*$.vmm.product: must be one of*' }
            finally { Stop-TestHttpServer $server }
        }

        It 'does not retry 401 and does not reveal the key in the error' {
            $server = Start-TestHttpServer -Responses @(@{ Status = 401; Body = 'Unauthorized' }, @{ Status = 202 })
            try {
                $thrown = $null
                try { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri $server.BaseUri -TenantId contoso -CollectorKey $script:collectorKey @fastRetry } catch { $thrown = $_ }
                $requests = Get-TestHttpRequests $server
            }
            finally { Stop-TestHttpServer $server }
            $thrown.Exception.Message | Should -BeLike '*HTTP 401*'
            $thrown.Exception.Message | Should -Not -Match ([regex]::Escape($script:collectorKey))
            $requests.Count | Should -Be 1
        }

        It 'refuses a snapshot of another tenant before sending' {
            { New-TestSnapshot | Send-VmmAssessmentSnapshot -Uri 'http://127.0.0.1:9' -TenantId fabrikam -CollectorKey $script:collectorKey -MaxRetries 0 } | Should -Throw -ExpectedMessage "*belongs to tenant 'contoso'*"
        }
    }

    Context 'a snapshot given as JSON text (exported earlier)' {
        It 'sends the text unchanged' {
            $snapshot = New-TestSnapshot
            $text = $snapshot | ConvertTo-Json -Depth 20 -Compress
            $server = Start-TestHttpServer -Responses @(@{ Status = 202; Location = '/from-file' })
            try {
                $answer = $text | Send-VmmAssessmentSnapshot -Uri ($server.BaseUri + '/') -TenantId contoso -CollectorKey $script:collectorKey @fastRetry
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
        # The scheme of docs/security.md, written out here independently of the module's implementation.
        function global:Get-TestQueueSignature([string] $CollectorKey, [string] $KeyId, [string] $TenantId, [string] $MessageId, [byte[]] $Body) {
            $utf8 = New-Object System.Text.UTF8Encoding($false)
            $derive = New-Object System.Security.Cryptography.HMACSHA256 -ArgumentList @(, $utf8.GetBytes($CollectorKey))
            $signingKey = $derive.ComputeHash($utf8.GetBytes('vmmassess-queue-signing-v1'))
            $derive.Dispose()
            $sha = [System.Security.Cryptography.SHA256]::Create()
            $bodyHash = (($sha.ComputeHash($Body) | ForEach-Object { $_.ToString('x2') }) -join '')
            $sha.Dispose()
            $sign = New-Object System.Security.Cryptography.HMACSHA256 -ArgumentList @(, $signingKey)
            $signature = [Convert]::ToBase64String($sign.ComputeHash($utf8.GetBytes("v1`n$KeyId`n$TenantId`n$MessageId`n$bodyHash")))
            $sign.Dispose()
            $signature
        }

        $snapshot = New-TestSnapshot
        $server = Start-TestHttpServer -Responses @(@{ Status = 503 }, @{ Status = 201 })
        try {
            $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
            $output = Send-VmmAssessmentSnapshot -Snapshot $snapshot -ServiceBusNamespace 'contoso-vmmassess' -SasKey $script:sasKey `
                -CollectorKey $script:collectorKey -ServiceBusEndpoint $server.BaseUri -MaxRetries 2 @fastRetry -Verbose 4>&1
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

    It 'POSTs to the inbox queue by default: /snapshots-inbox/messages' {
        $request.Method | Should -Be 'POST'
        $request.Path | Should -Be '/snapshots-inbox/messages'
    }

    It 'authorizes with a SharedAccessSignature of the inbox queue''s collector-send rule: sr, sig, se, skn' {
        $authorization | Should -Match '^SharedAccessSignature sr=[^&]+&sig=[^&]+&se=\d+&skn=[^&]+$'
        [System.Net.WebUtility]::UrlDecode($fields['sr']) | Should -Be 'https://contoso-vmmassess.servicebus.windows.net/snapshots-inbox'
        $fields['skn'] | Should -Be 'collector-send'
        [long]$fields['se'] | Should -BeGreaterOrEqual ($before + 3600)
        [long]$fields['se'] | Should -BeLessOrEqual ($after + 3600)
    }

    It 'has a SAS signature that verifies with the key: HMAC-SHA256 over url-encoded resource, newline, expiry' {
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

    It 'signs the message for its tenant: VmmAssess-KeyId and a VmmAssess-Signature that verifies over the body as received' {
        $keyId = $script:collectorKey.Substring(6, 16)
        $request.Headers['VmmAssess-KeyId'] | Should -BeExactly $keyId
        $expected = Get-TestQueueSignature -CollectorKey $script:collectorKey -KeyId $keyId -TenantId 'contoso' -MessageId $snapshot.snapshotId -Body $request.Body
        $request.Headers['VmmAssess-Signature'] | Should -BeExactly $expected
    }

    It 'signs both attempts the same way (the retry carries the same message)' {
        $requests[0].Headers['VmmAssess-Signature'] | Should -BeExactly $requests[1].Headers['VmmAssess-Signature']
        [Convert]::ToBase64String($requests[0].Body) | Should -BeExactly ([Convert]::ToBase64String($requests[1].Body))
    }

    It 'does not send the collector key itself' {
        foreach ($name in $request.Headers.Keys) { [string]$request.Headers[$name] | Should -Not -Match ([regex]::Escape($script:collectorKey.Substring(23))) -Because "header $name" }
        $request.RawUrl | Should -Not -Match ([regex]::Escape($script:collectorKey.Substring(23)))
    }

    It 'never writes the SAS key, the collector key or the signatures to verbose output' {
        $verboseText | Should -Not -BeNullOrEmpty
        $verboseText | Should -Not -Match ([regex]::Escape($script:sasKey))
        $verboseText | Should -Not -Match ([regex]::Escape($script:collectorKey.Substring(23)))
        $verboseText | Should -Not -Match ([regex]::Escape($fields['sig']))
        $verboseText | Should -Not -Match ([regex]::Escape($request.Headers['VmmAssess-Signature']))
    }

    It 'sends to another queue and rule when -QueueName and -SasKeyName say so' {
        $server = Start-TestHttpServer -Responses @(@{ Status = 201 })
        try {
            $null = New-TestSnapshot | Send-VmmAssessmentSnapshot -ServiceBusNamespace 'contoso-vmmassess.servicebus.windows.net' -QueueName 'inbox-eu' -SasKeyName 'site-hq-send' `
                -SasKey $script:sasKey -CollectorKey $script:collectorKey -ServiceBusEndpoint $server.BaseUri -MaxRetries 0 -TimeoutSeconds 10
            $other = Get-TestHttpRequests $server
        }
        finally { Stop-TestHttpServer $server }
        $other[0].Path | Should -Be '/inbox-eu/messages'
        $other[0].Headers['Authorization'] | Should -Match '&skn=site-hq-send$'
    }

    It 'refuses -TenantId that differs from the snapshot''s, before sending' {
        { New-TestSnapshot | Send-VmmAssessmentSnapshot -ServiceBusNamespace 'contoso-vmmassess' -TenantId fabrikam -SasKey $script:sasKey -CollectorKey $script:collectorKey -ServiceBusEndpoint 'http://127.0.0.1:9' -MaxRetries 0 } |
            Should -Throw -ExpectedMessage "*belongs to tenant 'contoso'*"
    }
}

Describe 'The queue signature test vector (docs/queue-signature-test-vector.json)' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Support/Schema.ps1')
        $vector = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../docs/queue-signature-test-vector.json') -Raw | ConvertFrom-Json
        $vectorBody = [Convert]::FromBase64String($vector.bodyBase64)
    }

    It 'is reproduced by the collector: key id, body hash, canonical string, signing key and signature' {
        $signed = InModuleScope VmmAssess.Collector -Parameters @{ Vector = $vector; Body = $vectorBody } {
            param($Vector, $Body)
            $keyText = ConvertTo-CollectorKeyText -CollectorKey $Vector.collectorKey
            New-QueueMessageSignature -CollectorKeyText $keyText -TenantId $Vector.tenantId -MessageId $Vector.messageId -Body $Body
        }
        $signed.KeyId | Should -BeExactly $vector.keyId
        $signed.BodySha256 | Should -BeExactly $vector.bodySha256
        $signed.Canonical | Should -BeExactly $vector.canonical
        $signed.SigningKey | Should -BeExactly $vector.signingKeyBase64
        $signed.Signature | Should -BeExactly $vector.signature
        $vector.applicationProperties.'VmmAssess-Signature' | Should -BeExactly $vector.signature
    }

    It 'is what the independent implementation of the documented scheme computes' {
        Get-TestQueueSignature -CollectorKey $vector.collectorKey -KeyId $vector.keyId -TenantId $vector.tenantId -MessageId $vector.messageId -Body $vectorBody |
            Should -BeExactly $vector.signature
    }

    It 'carries a gzip body that is a valid snapshot of its tenant, with the message id as snapshotId' {
        $json = ConvertFrom-GzipBytes $vectorBody
        $json | Should -BeExactly $vector.bodyDecompressed
        Get-SnapshotSchemaErrors -Json $json | Should -BeNullOrEmpty
        $parsed = $json | ConvertFrom-Json
        $parsed.snapshotId | Should -Be $vector.messageId
        $parsed.tenantId | Should -Be $vector.tenantId
    }

    It 'would not verify for another tenant, message id or body' {
        $tamperedBody = [byte[]]($vectorBody.Clone())
        $tamperedBody[$tamperedBody.Length - 5] = $tamperedBody[$tamperedBody.Length - 5] -bxor 1
        foreach ($case in @(
                @{ TenantId = 'fabrikam'; MessageId = $vector.messageId; Body = $vectorBody },
                @{ TenantId = $vector.tenantId; MessageId = [guid]::NewGuid().ToString(); Body = $vectorBody },
                @{ TenantId = $vector.tenantId; MessageId = $vector.messageId; Body = $tamperedBody })) {
            Get-TestQueueSignature -CollectorKey $vector.collectorKey -KeyId $vector.keyId -TenantId $case.TenantId -MessageId $case.MessageId -Body $case.Body |
                Should -Not -Be $vector.signature
        }
    }
}

Describe 'Send-VmmAssessmentSnapshot through a proxy' {
    It 'sends the request to the proxy given with -Proxy (absolute URI of a host only the proxy can reach)' {
        $proxy = Start-TestHttpProxy
        try {
            $snapshot = New-TestSnapshot
            $answer = Send-VmmAssessmentSnapshot -Snapshot $snapshot -Uri 'http://vmmassess.example.invalid' -TenantId contoso -CollectorKey $script:collectorKey -Proxy $proxy.Uri -MaxRetries 0 -TimeoutSeconds 10
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
            $output = Send-VmmAssessmentSnapshot -Snapshot (New-TestSnapshot) -Uri 'http://vmmassess.example.invalid' -TenantId contoso -CollectorKey $script:collectorKey -Proxy $proxy.Uri -ProxyCredential $credential -MaxRetries 0 -TimeoutSeconds 10 -Verbose 4>&1
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
