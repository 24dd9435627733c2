using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace VmmAssess.Functions.Application.Notifications;

/// <summary>
/// How an environment's findings changed since its previous assessment, counted (the delta's summary). Null in an
/// event when no comparison was made.
/// </summary>
public sealed record ChangeCounts(int New, int Resolved, int Changed, int Unchanged, bool RulePackChanged);

/// <summary>Where a receiver reads more through the API (absolute when the API's base address is known).</summary>
public sealed record EventLinks(string? Assessment, string? Readiness, string? History, string? Waiver);

/// <summary>The <c>data</c> of <c>assessment.completed</c> and <c>readiness.changed</c> (property order is public).</summary>
public sealed record AssessmentEventData(
    string TenantId, string EnvironmentId, Guid SnapshotId, Readiness? ReadinessBefore, Readiness ReadinessAfter, bool IsLatest, ChangeCounts? Changes, EventLinks Links);

/// <summary>The <c>data</c> of <c>snapshot.rejected</c>: the first errors (each with its JSONPath) and how many there are.</summary>
public sealed record RejectedEventData(string TenantId, string? EnvironmentId, Guid SnapshotId, int ErrorCount, IReadOnlyList<ValidationError> Errors, EventLinks Links);

/// <summary>The <c>data</c> of <c>waiver.expiring</c>.</summary>
public sealed record WaiverEventData(string TenantId, string? EnvironmentId, string WaiverId, string RuleId, string? Reason, DateTimeOffset ExpiresAt, EventLinks Links);

/// <summary>The <c>data</c> of <c>ping</c>.</summary>
public sealed record PingEventData(string SubscriptionId, string Message);

/// <summary>An encoded event: its id (also the <c>webhook-id</c> of every attempt), type, tenant and the exact body posted.</summary>
public sealed record EncodedEvent(string Id, string Type, TenantId? Tenant, ReadOnlyMemory<byte> Body);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AssessmentEventData))]
[JsonSerializable(typeof(RejectedEventData))]
[JsonSerializable(typeof(WaiverEventData))]
[JsonSerializable(typeof(PingEventData))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;

/// <summary>
/// Builds the CloudEvents 1.0 structured-mode JSON (CloudNative.CloudEvents validates the required attributes and
/// writes the envelope): <c>specversion</c>, <c>id</c>, <c>source</c> (the tenant's API path), <c>type</c> (the event
/// type), <c>subject</c> (environment or waiver), <c>time</c>, <c>datacontenttype</c> and <c>data</c>.
/// </summary>
public static class NotificationEvents
{
    private static readonly JsonEventFormatter Formatter = new();

    public static EncodedEvent Encode<T>(string type, string id, TenantId? tenant, string? subject, DateTimeOffset time, string linkBase, T data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> json)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = id,
            Type = type,
            Source = new Uri(linkBase + (tenant is { } t ? $"/api/tenants/{t.Value}" : "/api/admin/subscriptions"), UriKind.RelativeOrAbsolute),
            Subject = subject,
            Time = time,
            DataContentType = "application/json",
            Data = JsonSerializer.SerializeToElement(data, json),
        };
        var body = Formatter.EncodeStructuredModeMessage(cloudEvent, out _);
        return new EncodedEvent(id, type, tenant, body);
    }

    internal static NotificationJsonContext Context => NotificationJsonContext.Default;

    /// <summary>A new event id: <c>evt_</c> and 32 hexadecimal characters of randomness (a valid webhook-id and message id).</summary>
    public static string NewId() => "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static EventLinks AssessmentLinks(string linkBase, TenantId tenant, EnvironmentId? environment, Guid snapshotId) => new(
        $"{linkBase}/api/tenants/{tenant.Value}/assessments/{snapshotId:D}",
        environment is { } e ? $"{linkBase}/api/tenants/{tenant.Value}/environments/{e.Value}/readiness" : null,
        environment is { } h ? $"{linkBase}/api/tenants/{tenant.Value}/environments/{h.Value}/assessments" : null,
        null);

    /// <summary>The UTF-8 text of an encoded event (logs and tests).</summary>
    public static string Text(EncodedEvent e) => Encoding.UTF8.GetString((e ?? throw new ArgumentNullException(nameof(e))).Body.Span);
}
