function Send-VmmAssessmentSnapshot {
    <#
    .SYNOPSIS
        Sends a VmmAssess snapshot to the VmmAssess webhook, or straight to its Service Bus inbox queue, authenticated with the site's collector key.

    .DESCRIPTION
        Webhook (default): POST {Uri}/api/tenants/{TenantId}/snapshots with the snapshot JSON compressed with gzip (Content-Type: application/json, Content-Encoding: gzip), the collector key in the X-VmmAssess-Collector-Key header (never in the URL) and Idempotency-Key = snapshotId, so sending the same snapshot twice is harmless. Returns the Location header of the 202 Accepted answer: where the assessment result will appear.

        Service Bus: POST https://{namespace}.servicebus.windows.net/{queue}/messages (queue snapshots-inbox unless -QueueName says otherwise) with the Service Bus REST API (Send Message, https://learn.microsoft.com/rest/api/servicebus/send-message-to-queue): a shared access signature of the queue's Send rule in Authorization, BrokerProperties {"MessageId":"<snapshotId>"} (duplicate detection), the gzip body with Content-Type application/json, and the custom message properties ContentEncoding = gzip, TenantId, EnvironmentId, SnapshotId, VmmAssess-KeyId and VmmAssess-Signature (custom properties are plain HTTP headers in that API). The signature proves which tenant's collector key sent the message: HMAC-SHA256 over the key id, tenant id, message id and the SHA-256 of the body, with a signing key derived from the collector key (docs/security.md describes it, docs/queue-signature-test-vector.json is a worked example). The collector key itself is not sent. The VmmAssess app assesses only messages whose signature verifies with an unrevoked, unexpired key of that tenant. Returns the snapshotId.

        Transient failures (HTTP 408, 429, 5xx, connection errors) are retried with exponential backoff, honouring Retry-After. A 400 answer throws with the problem details' validation errors. Keys and signatures are never written to output, verbose messages or errors.

    .PARAMETER Snapshot
        The snapshot from Get-VmmAssessmentSnapshot, or its JSON text (for example read back from a file written by Export-VmmAssessmentSnapshot).

    .PARAMETER Uri
        Base URL of the VmmAssess Functions app, e.g. https://vmmassess-func.azurewebsites.net

    .PARAMETER TenantId
        Tenant identifier; must equal the snapshot's tenantId (and the tenant the collector key was issued for).

    .PARAMETER CollectorKey
        The collector key an administrator issued for this site (vmmak_<keyId>_<secret>), as a SecureString (Read-Host -AsSecureString) or a string. It is sent in the X-VmmAssess-Collector-Key header to the webhook and signs Service Bus messages; it is never written to output, verbose messages or errors.

    .PARAMETER ServiceBusNamespace
        Service Bus namespace name (contoso-vmmassess) or host name (contoso-vmmassess.servicebus.windows.net).

    .PARAMETER QueueName
        Name of the inbox queue for collector messages. Default snapshots-inbox (the VmmAssess app setting SnapshotInboxQueueName).

    .PARAMETER SasKeyName
        Name of the shared access policy with Send rights on the inbox queue. Default collector-send.

    .PARAMETER SasKey
        Key of that shared access policy.

    .PARAMETER ServiceBusEndpoint
        For testing only: base URL that receives the request instead of https://{namespace}.servicebus.windows.net (for example a local listener). The shared access signature still signs the real namespace URI.

    .PARAMETER MaxRetries
        Retries after the first attempt for transient failures. Default 5.

    .PARAMETER InitialDelaySeconds
        First backoff delay; doubles on every retry up to MaxDelaySeconds. Default 2.

    .PARAMETER MaxDelaySeconds
        Longest backoff delay. Default 60.

    .PARAMETER Proxy
        Proxy server for the request, e.g. http://proxy.contoso.com:8080. Without it the system proxy is used, if one is set: on Windows the Internet Options proxy settings of the account that runs the command (including automatic configuration and Group Policy), elsewhere the HTTPS_PROXY environment variable. A scheduled task's service account has no Internet Options of its own unless Group Policy sets them: give -Proxy there.

    .PARAMETER ProxyCredential
        Credential for the proxy. Without it, the proxy is offered the Windows credentials of the account that runs the command (Kerberos or NTLM), which is what a scheduled task under a group managed service account needs.

    .PARAMETER TimeoutSeconds
        Timeout of one HTTP attempt. Default 100.

    .EXAMPLE
        PS C:\> $key = Read-Host 'Collector key' -AsSecureString
        PS C:\> $snapshot = Get-VmmAssessmentSnapshot -VMMServer vmm01 -TenantId contoso -EnvironmentId prod -TargetVersion 2019
        PS C:\> Send-VmmAssessmentSnapshot -Snapshot $snapshot -Uri https://vmmassess-func.azurewebsites.net -TenantId contoso -CollectorKey $key
        /api/tenants/contoso/assessments/3f2b8c1e-4d5a-4f6b-9c7d-8e9f0a1b2c3d

        Collects and sends the snapshot; the answer is where the assessment can be read.

    .EXAMPLE
        PS C:\> Get-Content .\contoso-prod.json -Raw | Send-VmmAssessmentSnapshot -Uri https://vmmassess-func.azurewebsites.net -TenantId contoso -CollectorKey $key

        Uploads a snapshot exported earlier at an air-gapped site.

    .EXAMPLE
        PS C:\> $snapshot | Send-VmmAssessmentSnapshot -ServiceBusNamespace contoso-vmmassess -SasKey $sasKey -CollectorKey $key

        Puts the snapshot, signed with the collector key, straight onto the snapshots-inbox queue with the queue's collector-send rule (for sites that may reach Service Bus but not the Functions app).

    .EXAMPLE
        PS C:\> $snapshot | Send-VmmAssessmentSnapshot -Uri https://vmmassess-func.azurewebsites.net -TenantId contoso -CollectorKey $key -Proxy http://proxy.contoso.com:8080 -ProxyCredential (Get-Credential)

        Sends through a proxy that asks for a user name and password.

    .OUTPUTS
        System.String - the Location of the assessment (webhook), or the snapshotId (Service Bus).

    .LINK
        https://learn.microsoft.com/rest/api/servicebus/send-message-to-queue

    .LINK
        https://learn.microsoft.com/azure/service-bus-messaging/service-bus-sas

    .LINK
        Get-VmmAssessmentSnapshot
    #>
    [CmdletBinding(DefaultParameterSetName = 'Webhook')]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, Position = 0)]
        [ValidateNotNull()]
        [object] $Snapshot,

        [Parameter(Mandatory = $true, ParameterSetName = 'Webhook')]
        [ValidateNotNullOrEmpty()]
        [uri] $Uri,

        [Parameter(Mandatory = $true, ParameterSetName = 'Webhook')]
        [Parameter(ParameterSetName = 'ServiceBus')]
        [ValidatePattern('^[A-Za-z0-9._-]{1,64}$')]
        [string] $TenantId,

        [Parameter(Mandatory = $true)]
        [ValidateNotNull()]
        [object] $CollectorKey,

        [Parameter(Mandatory = $true, ParameterSetName = 'ServiceBus')]
        [ValidateNotNullOrEmpty()]
        [string] $ServiceBusNamespace,

        [Parameter(ParameterSetName = 'ServiceBus')]
        [ValidateNotNullOrEmpty()]
        [string] $QueueName = 'snapshots-inbox',

        [Parameter(ParameterSetName = 'ServiceBus')]
        [ValidateNotNullOrEmpty()]
        [string] $SasKeyName = 'collector-send',

        [Parameter(Mandatory = $true, ParameterSetName = 'ServiceBus')]
        [ValidateNotNullOrEmpty()]
        [string] $SasKey,

        [Parameter(ParameterSetName = 'ServiceBus')]
        [uri] $ServiceBusEndpoint,

        [ValidateRange(0, 100)]
        [int] $MaxRetries = 5,

        [ValidateRange(0, 3600)]
        [double] $InitialDelaySeconds = 2,

        [ValidateRange(0, 3600)]
        [double] $MaxDelaySeconds = 60,

        [ValidateRange(1, 3600)]
        [int] $TimeoutSeconds = 100,

        [ValidateNotNull()]
        [uri] $Proxy,

        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $ProxyCredential
    )
    begin {
        # Checked once, before anything is sent: a mistyped key fails here instead of as a 401 per snapshot.
        $collectorKeyText = ConvertTo-CollectorKeyText -CollectorKey $CollectorKey
    }
    process {
        $identity = Get-SnapshotIdentity -Snapshot $Snapshot
        if ($TenantId -and $identity.TenantId -and $identity.TenantId -cne $TenantId) {
            throw ("The snapshot belongs to tenant '{0}', not '{1}'." -f $identity.TenantId, $TenantId)
        }
        $json = ConvertTo-SnapshotJson -Snapshot $Snapshot
        $body = ConvertTo-GzipBytes -Text $json
        $retry = @{
            MaxRetries          = $MaxRetries
            InitialDelaySeconds = $InitialDelaySeconds
            MaxDelaySeconds     = $MaxDelaySeconds
            TimeoutSeconds      = $TimeoutSeconds
            Proxy               = $Proxy
            ProxyCredential     = $null
        }
        if ($PSBoundParameters.ContainsKey('ProxyCredential')) { $retry['ProxyCredential'] = $ProxyCredential }

        if ($PSCmdlet.ParameterSetName -eq 'Webhook') {
            $base = $Uri.AbsoluteUri.TrimEnd('/')
            $target = '{0}/api/tenants/{1}/snapshots' -f $base, [System.Uri]::EscapeDataString($TenantId)
            $headers = @{ 'Idempotency-Key' = $identity.SnapshotId; 'X-VmmAssess-Collector-Key' = $collectorKeyText }
            $answer = Invoke-CollectorHttpPost -Uri $target -Body $body -ContentEncoding @('gzip') -Headers $headers @retry
            Write-Verbose ("Snapshot {0} accepted (HTTP {1}) after {2} attempt(s)." -f $identity.SnapshotId, $answer.StatusCode, $answer.Attempts)
            return $answer.Location
        }

        # The signature binds the message to the tenant the key was issued for; the app compares both.
        if ($identity.TenantId -notmatch '^[A-Za-z0-9._-]{1,64}\z') {
            throw ("The snapshot's tenantId '{0}' is missing or not 1-64 characters of A-Z a-z 0-9 . _ -; a message for the inbox queue is signed for its tenant." -f $identity.TenantId)
        }
        $namespaceHost = $ServiceBusNamespace.Trim()
        if ($namespaceHost -notmatch '\.') { $namespaceHost = $namespaceHost + '.servicebus.windows.net' }
        $resourceUri = 'https://{0}/{1}' -f $namespaceHost, $QueueName
        $endpoint = 'https://' + $namespaceHost
        if ($null -ne $ServiceBusEndpoint) { $endpoint = $ServiceBusEndpoint.AbsoluteUri.TrimEnd('/') }
        $target = '{0}/{1}/messages' -f $endpoint, $QueueName
        $token = New-ServiceBusSasToken -ResourceUri $resourceUri -KeyName $SasKeyName -Key $SasKey -LifetimeSeconds 3600
        $signed = New-QueueMessageSignature -CollectorKeyText $collectorKeyText -TenantId $identity.TenantId -MessageId $identity.SnapshotId -Body $body
        $brokerProperties = '{"MessageId":"' + $identity.SnapshotId + '"}'
        $headers = @{
            'Authorization'       = $token
            'BrokerProperties'    = $brokerProperties
            'ContentEncoding'     = 'gzip'
            'SnapshotId'          = $identity.SnapshotId
            'TenantId'            = $identity.TenantId
            'VmmAssess-KeyId'     = $signed.KeyId
            'VmmAssess-Signature' = $signed.Signature
        }
        # Same application properties as the messages the webhook enqueues (dead-letter listings read them).
        if ($identity.EnvironmentId) { $headers['EnvironmentId'] = $identity.EnvironmentId }
        $answer = Invoke-CollectorHttpPost -Uri $target -Body $body -Headers $headers @retry
        Write-Verbose ("Snapshot {0} queued on {1}/{2} (HTTP {3}) after {4} attempt(s)." -f $identity.SnapshotId, $namespaceHost, $QueueName, $answer.StatusCode, $answer.Attempts)
        return $identity.SnapshotId
    }
}
