namespace VmmAssess.Functions.Configuration;

/// <summary>
/// Every app setting the Function app (worker and host) reads, in environment-variable form (<c>__</c> separates
/// sections). The infrastructure templates are checked against <see cref="All"/>; keep both in step.
/// </summary>
public static class AppSettings
{
    /// <summary>Name of the snapshot queue: the trigger reads it as <c>%SnapshotQueueName%</c>, the webhook sends to it.</summary>
    public const string SnapshotQueueName = "SnapshotQueueName";

    /// <summary>Service Bus connection string (local development only). Section prefix of the identity-based settings.</summary>
    public const string ServiceBusConnection = "ServiceBusConnection";

    public const string ServiceBusFullyQualifiedNamespace = "ServiceBusConnection__fullyQualifiedNamespace";
    public const string ServiceBusCredential = "ServiceBusConnection__credential";
    public const string ServiceBusClientId = "ServiceBusConnection__clientId";

    /// <summary>Table Storage connection string (local development: Azurite). Section prefix of the identity-based settings.</summary>
    public const string TableStorage = "TableStorage";

    public const string TableStorageServiceUri = "TableStorage__serviceUri";
    public const string TableStorageCredential = "TableStorage__credential";
    public const string TableStorageClientId = "TableStorage__clientId";

    /// <summary>Claim-check threshold: a gzip-compressed snapshot larger than this is stored and only referenced by the message.</summary>
    public const string MaxMessageBytes = "Assessment__MaxMessageBytes";

    /// <summary>Largest accepted webhook body after decompression (413 above).</summary>
    public const string SnapshotMaxBytes = "Assessment__SnapshotMaxBytes";

    /// <summary>Name of the table that holds every assessment entity (optional; default <c>VmmAssess</c>).</summary>
    public const string TableName = "Assessment__TableName";

    /// <summary>The snapshot queue's duplicate-detection window in seconds (the infrastructure sets the queue and this
    /// setting from one parameter). Dead-letter replay keeps a message's id only when the original is older than this.</summary>
    public const string DuplicateDetectionWindowSeconds = "Assessment__DuplicateDetectionWindowSeconds";

    /// <summary>The Microsoft Entra tenant (GUID) whose access tokens the API accepts.</summary>
    public const string AuthEntraTenantId = "Auth__EntraTenantId";

    /// <summary>The tokens' audience: the API's application ID URI or client id.</summary>
    public const string AuthAudience = "Auth__Audience";

    /// <summary>Optional: the issuer's base address (sovereign clouds); default the public cloud's v2.0 endpoint.</summary>
    public const string AuthAuthority = "Auth__Authority";

    /// <summary><c>true</c> only when App Service Authentication runs in front of the app.</summary>
    public const string AuthEasyAuthEnabled = "Auth__EasyAuthEnabled";

    /// <summary>The queue direct-to-queue collectors send signed snapshots to (the app verifies them before assessing).</summary>
    public const string SnapshotInboxQueueName = "SnapshotInboxQueueName";
    /// <summary>How far <c>collectedAt</c> may lie after the receive (webhook) or enqueued (queue) time, in minutes (default 60).</summary>
    public const string CollectedAtMaxSkewMinutes = "Assessment__CollectedAtMaxSkewMinutes";

    /// <summary>Days raw snapshots and rejected payloads are kept (default 400); summaries and findings stay.</summary>
    public const string RetentionDays = "Assessment__RetentionDays";

    /// <summary>Minutes a snapshot may stay Queued before the sweeper sends it again (default 30).</summary>
    public const string QueuedResendAfterMinutes = "Assessment__QueuedResendAfterMinutes";

    /// <summary>Largest accepted ratio of decompressed to compressed size of a gzip body (default 64).</summary>
    public const string MaxCompressionRatio = "Assessment__MaxCompressionRatio";

    /// <summary>Snapshot submissions per caller per minute (default 60; 429 above).</summary>
    public const string SubmissionsPerMinute = "Assessment__SubmissionsPerMinute";

    /// <summary>Rerun requests per caller per minute (default 10; 429 above).</summary>
    public const string RerunsPerMinute = "Assessment__RerunsPerMinute";

    /// <summary>The queue that carries notification events and their deliveries (optional; default <c>notifications</c>).</summary>
    public const string NotificationQueueName = "NotificationQueueName";

    /// <summary>Development only: lets webhook endpoints use plain HTTP and private, loopback or link-local addresses
    /// (default false; never set it in production: it opens the app to server-side request forgery).</summary>
    public const string NotificationsAllowPrivateEndpoints = "Notifications__AllowPrivateEndpoints";

    /// <summary>The API's public base address (e.g. <c>https://vmmassess.contoso.com</c>) for the links in events;
    /// default <c>https://{WEBSITE_HOSTNAME}</c>, else the links are relative.</summary>
    public const string NotificationsApiBaseUrl = "Notifications__ApiBaseUrl";

    /// <summary>Seconds one webhook call may take (default 10).</summary>
    public const string NotificationsDeliveryTimeoutSeconds = "Notifications__DeliveryTimeoutSeconds";

    /// <summary>Days each subscription's delivery log (status codes, times, attempts) is kept (default 30).</summary>
    public const string NotificationsDeliveryLogDays = "Notifications__DeliveryLogDays";

    // Read by the Functions host, not by our code.
    // The host's storage by explicit service URIs: an account name alone expands to the public cloud's endpoints only.
    public const string HostStorageBlobServiceUri = "AzureWebJobsStorage__blobServiceUri";
    public const string HostStorageQueueServiceUri = "AzureWebJobsStorage__queueServiceUri";
    public const string HostStorageTableServiceUri = "AzureWebJobsStorage__tableServiceUri";
    public const string HostStorageCredential = "AzureWebJobsStorage__credential";
    public const string HostStorageClientId = "AzureWebJobsStorage__clientId";
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ApplicationInsightsAuthenticationString = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IReadOnlyList<string> All { get; } =
    [
        SnapshotQueueName,
        ServiceBusConnection,
        ServiceBusFullyQualifiedNamespace,
        ServiceBusCredential,
        ServiceBusClientId,
        TableStorage,
        TableStorageServiceUri,
        TableStorageCredential,
        TableStorageClientId,
        MaxMessageBytes,
        SnapshotMaxBytes,
        TableName,
        DuplicateDetectionWindowSeconds,
        AuthEntraTenantId,
        AuthAudience,
        AuthAuthority,
        AuthEasyAuthEnabled,
        SnapshotInboxQueueName,
        CollectedAtMaxSkewMinutes,
        RetentionDays,
        QueuedResendAfterMinutes,
        MaxCompressionRatio,
        SubmissionsPerMinute,
        RerunsPerMinute,
        NotificationQueueName,
        NotificationsAllowPrivateEndpoints,
        NotificationsApiBaseUrl,
        NotificationsDeliveryTimeoutSeconds,
        NotificationsDeliveryLogDays,
        HostStorageBlobServiceUri,
        HostStorageQueueServiceUri,
        HostStorageTableServiceUri,
        HostStorageCredential,
        HostStorageClientId,
        ApplicationInsightsConnectionString,
        ApplicationInsightsAuthenticationString,
    ];

    /// <summary>The <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> key of a setting (<c>__</c> → <c>:</c>).</summary>
    public static string ConfigurationKey(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return setting.Replace("__", ":", StringComparison.Ordinal);
    }
}
