using System.ComponentModel.DataAnnotations;

namespace VmmAssess.Functions.Configuration;

/// <summary>Settings under <c>Assessment__*</c>. Validated at start: a bad value stops the app with the setting's name.</summary>
public sealed class AssessmentOptions
{
    public const string Section = "Assessment";

    /// <summary>Service Bus Standard tier: 256 KiB per message.</summary>
    public const int DefaultMaxMessageBytes = 256 * 1024;

    /// <summary>8 MiB of JSON: a snapshot carries about 200–500 bytes per host (no VMs), so even 5,000 hosts (several
    /// times the 1,000 hosts one VMM management server supports) with long names and collection errors stay below
    /// 3 MiB; the rest is headroom. Larger values only widen what one request can make the instance allocate.</summary>
    public const int DefaultSnapshotMaxBytes = 8 * 1024 * 1024;

    [Range(16 * 1024, 100 * 1024 * 1024, ErrorMessage = AppSettings.MaxMessageBytes + " must be between {1} and {2} bytes.")]
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    [Range(64 * 1024, 256 * 1024 * 1024, ErrorMessage = AppSettings.SnapshotMaxBytes + " must be between {1} and {2} bytes.")]
    public int SnapshotMaxBytes { get; set; } = DefaultSnapshotMaxBytes;

    [Required(ErrorMessage = AppSettings.TableName + " must not be empty.")]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = AppSettings.TableName + " must be 3 to 63 letters and digits, starting with a letter.")]
    public string TableName { get; set; } = "VmmAssess";

    /// <summary>One hour, the default of the infrastructure (Service Bus itself allows 20 seconds to 7 days).</summary>
    public const int DefaultDuplicateDetectionWindowSeconds = 3600;

    [Range(20, 7 * 24 * 3600, ErrorMessage = AppSettings.DuplicateDetectionWindowSeconds + " must be between {1} and {2} seconds, like the queue's duplicate-detection window.")]
    public int DuplicateDetectionWindowSeconds { get; set; } = DefaultDuplicateDetectionWindowSeconds;

    public TimeSpan DuplicateDetectionWindow => TimeSpan.FromSeconds(DuplicateDetectionWindowSeconds);

    [Range(0, 7 * 24 * 60, ErrorMessage = AppSettings.CollectedAtMaxSkewMinutes + " must be between {1} and {2} minutes.")]
    public int CollectedAtMaxSkewMinutes { get; set; } = 60;

    public TimeSpan CollectedAtMaxSkew => TimeSpan.FromMinutes(CollectedAtMaxSkewMinutes);

    [Range(1, 100 * 365, ErrorMessage = AppSettings.RetentionDays + " must be between {1} and {2} days.")]
    public int RetentionDays { get; set; } = 400;

    [Range(5, 7 * 24 * 60, ErrorMessage = AppSettings.QueuedResendAfterMinutes + " must be between {1} and {2} minutes.")]
    public int QueuedResendAfterMinutes { get; set; } = 30;

    public TimeSpan QueuedResendAfter => TimeSpan.FromMinutes(QueuedResendAfterMinutes);

    [Range(2, 1000, ErrorMessage = AppSettings.MaxCompressionRatio + " must be between {1} and {2}.")]
    public int MaxCompressionRatio { get; set; } = 64;

    [Range(1, 100_000, ErrorMessage = AppSettings.SubmissionsPerMinute + " must be between {1} and {2}.")]
    public int SubmissionsPerMinute { get; set; } = 60;

    [Range(1, 100_000, ErrorMessage = AppSettings.RerunsPerMinute + " must be between {1} and {2}.")]
    public int RerunsPerMinute { get; set; } = 10;
}

/// <summary>Settings at the root of the configuration.</summary>
public sealed class QueueOptions
{
    [Required(ErrorMessage = AppSettings.SnapshotQueueName + " is not set: name the Service Bus queue that carries snapshots.")]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._/-]{0,259}$", ErrorMessage = AppSettings.SnapshotQueueName + " is not a valid Service Bus queue name.")]
    public string SnapshotQueueName { get; set; } = "";

    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._/-]{0,259}$", ErrorMessage = AppSettings.SnapshotInboxQueueName + " is not a valid Service Bus queue name.")]
    public string SnapshotInboxQueueName { get; set; } = "snapshots-inbox";

    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._/-]{0,259}$", ErrorMessage = AppSettings.NotificationQueueName + " is not a valid Service Bus queue name.")]
    public string NotificationQueueName { get; set; } = "notifications";
}

/// <summary>Settings under <c>Notifications__*</c> (webhook subscriptions, docs/notifications.md).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Development only (see <see cref="AppSettings.NotificationsAllowPrivateEndpoints"/>).</summary>
    public bool AllowPrivateEndpoints { get; set; }

    [Url(ErrorMessage = AppSettings.NotificationsApiBaseUrl + " must be an absolute URL.")]
    public string? ApiBaseUrl { get; set; }

    [Range(1, 60, ErrorMessage = AppSettings.NotificationsDeliveryTimeoutSeconds + " must be between {1} and {2} seconds.")]
    public int DeliveryTimeoutSeconds { get; set; } = 10;

    public TimeSpan DeliveryTimeout => TimeSpan.FromSeconds(DeliveryTimeoutSeconds);

    [Range(1, 10 * 365, ErrorMessage = AppSettings.NotificationsDeliveryLogDays + " must be between {1} and {2} days.")]
    public int DeliveryLogDays { get; set; } = 30;

    /// <summary>The base of the links in events: the setting, else the App Service host name, else empty (relative links).</summary>
    public string LinkBase => (ApiBaseUrl ?? (Environment.GetEnvironmentVariable("WEBSITE_HOSTNAME") is { Length: > 0 } host ? "https://" + host : "")).TrimEnd('/');
}

/// <summary>Settings under <c>Auth__*</c>: who issues the tokens the API accepts. Required: the app has no
/// unauthenticated mode.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    [Required(ErrorMessage = AppSettings.AuthEntraTenantId + " is not set: name the Microsoft Entra tenant (GUID) whose tokens the API accepts.")]
    [RegularExpression("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", ErrorMessage = AppSettings.AuthEntraTenantId + " must be the Entra tenant's id (a GUID).")]
    public string EntraTenantId { get; set; } = "";

    [Required(ErrorMessage = AppSettings.AuthAudience + " is not set: name the API's application ID URI or client id (the tokens' audience).")]
    public string Audience { get; set; } = "";

    /// <summary>The token issuer's base address; default <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    [Url(ErrorMessage = AppSettings.AuthAuthority + " must be an absolute URL.")]
    public string? Authority { get; set; }

    /// <summary>True only when App Service Authentication runs in front of the app (it strips forged
    /// <c>X-MS-CLIENT-PRINCIPAL</c> headers); otherwise that header is ignored.</summary>
    public bool EasyAuthEnabled { get; set; }

    public string EffectiveAuthority => (Authority ?? $"https://login.microsoftonline.com/{EntraTenantId}/v2.0").TrimEnd('/');
}
