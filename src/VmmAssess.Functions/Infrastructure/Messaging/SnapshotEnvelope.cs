using System.Text.Json.Serialization;
using Azure.Messaging.ServiceBus;
using VmmAssess.Functions.Infrastructure.Payloads;

namespace VmmAssess.Functions.Infrastructure.Messaging;

/// <summary>Body of a claim-check message: it only names a stored snapshot.</summary>
public sealed record ClaimCheck(string TenantId, Guid SnapshotId, string? EnvironmentId);

/// <summary>How a queue message carries its snapshot.</summary>
public enum EnvelopeKind
{
    /// <summary>The body is the snapshot JSON.</summary>
    Json,

    /// <summary>The body is the snapshot JSON, gzip-compressed.</summary>
    Gzip,

    /// <summary>The body names a snapshot stored by the webhook (<see cref="ClaimCheck"/>).</summary>
    ClaimCheck,
}

/// <summary>A decoded message: how it carries the snapshot, the claim (for a claim-check), and the identity its
/// application properties name (used for an invalid body).</summary>
public sealed record SnapshotEnvelopeContent(EnvelopeKind Kind, ClaimCheckRef? Claim, bool Rerun, EnvelopeIdentity Identity);

/// <summary>A claim-check whose ids parsed.</summary>
public sealed record ClaimCheckRef(TenantId TenantId, Guid SnapshotId, EnvironmentId? EnvironmentId);

/// <summary>Tenant, snapshot and environment as the message's application properties name them (each null when absent or malformed).</summary>
public sealed record EnvelopeIdentity(TenantId? TenantId, Guid? SnapshotId, EnvironmentId? EnvironmentId);

/// <summary>
/// The message contract of the snapshot queue (docs/architecture.md, "Messages"), encoded and decoded in one place:
/// content types, application properties, the claim-check body and the message ids.
/// </summary>
public static class SnapshotEnvelope
{
    /// <summary>Content type of a plain snapshot (JSON, optionally gzip with <see cref="ContentEncodingProperty"/>).</summary>
    public const string JsonContentType = "application/json";

    /// <summary>Content type of a gzip body when the sender cannot set application properties.</summary>
    public const string GzipContentType = "application/gzip";

    /// <summary>Content type of a claim-check message: the body only names a stored snapshot.</summary>
    public const string ClaimCheckContentType = "application/vnd.vmmassess.claim-check+json";

    /// <summary>Application property: <c>gzip</c> when the body is gzip-compressed JSON.</summary>
    public const string ContentEncodingProperty = "ContentEncoding";

    /// <summary>Application property: <c>true</c> to assess again even when the stored assessment is current (rerun).</summary>
    public const string RerunProperty = "Rerun";

    public const string TenantIdProperty = "TenantId";
    public const string EnvironmentIdProperty = "EnvironmentId";
    public const string SnapshotIdProperty = "SnapshotId";

    /// <summary>Room left in a message for its properties and the AMQP envelope when checking the size limit.</summary>
    public const int EnvelopeAllowanceBytes = 4 * 1024;

    private const string ReplayMarker = ":replay:";
    private const int MaxMessageIdLength = 128;

    // ------------------------------------------------------------------------------------------- encode

    /// <summary>A stored snapshot, gzip body. MessageId = snapshot id, so Service Bus duplicate detection drops a repeated send.</summary>
    public static ServiceBusMessage Snapshot(TenantId tenant, Guid snapshotId, EnvironmentId environment, byte[] gzipBody) => new(gzipBody)
    {
        MessageId = snapshotId.ToString("D"),
        ContentType = JsonContentType,
        ApplicationProperties =
        {
            [ContentEncodingProperty] = "gzip",
            [TenantIdProperty] = tenant.Value,
            [EnvironmentIdProperty] = environment.Value,
            [SnapshotIdProperty] = snapshotId.ToString("D"),
        },
    };

    /// <summary>A claim-check naming a stored snapshot; a rerun asks for a new assessment even when the stored one is current.</summary>
    public static ServiceBusMessage ClaimCheck(TenantId tenant, Guid snapshotId, EnvironmentId? environment, string messageId, bool rerun)
    {
        var message = new ServiceBusMessage(JsonSerializer.SerializeToUtf8Bytes(new ClaimCheck(tenant.Value, snapshotId, environment?.Value), MessageJsonContext.Default.ClaimCheck))
        {
            MessageId = messageId,
            ContentType = ClaimCheckContentType,
            ApplicationProperties =
            {
                [TenantIdProperty] = tenant.Value,
                [SnapshotIdProperty] = snapshotId.ToString("D"),
            },
        };
        if (environment is { } env)
        {
            message.ApplicationProperties[EnvironmentIdProperty] = env.Value;
        }

        if (rerun)
        {
            message.ApplicationProperties[RerunProperty] = "true";
        }

        return message;
    }

    /// <summary>The id of a replayed copy: the original id (without an earlier replay suffix) and the sequence number.</summary>
    public static string ReplayMessageId(string messageId, long sequenceNumber)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var marker = messageId.IndexOf(ReplayMarker, StringComparison.Ordinal);
        var original = marker < 0 ? messageId : messageId[..marker];
        var suffix = ReplayMarker + sequenceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (original.Length + suffix.Length <= MaxMessageIdLength ? original : original[..(MaxMessageIdLength - suffix.Length)]) + suffix;
    }

    /// <summary>The id of a rerun request: distinct per request, so duplicate detection never drops it.</summary>
    public static string RerunMessageId(Guid snapshotId, DateTimeOffset requestedAt) =>
        $"{snapshotId:D}:rerun:{requestedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The id of a per-snapshot rerun: one per snapshot and rule pack, so while one is pending (within the
    /// duplicate-detection window) repeated requests are dropped by Service Bus instead of queueing copies.</summary>
    public static string DeduplicatedRerunMessageId(Guid snapshotId, string rulePackVersion)
    {
        ArgumentNullException.ThrowIfNull(rulePackVersion);
        var id = $"{snapshotId:D}:rerun:{rulePackVersion}";
        return id.Length <= MaxMessageIdLength ? id : id[..MaxMessageIdLength];
    }

    /// <summary>The id of the rerun that compares an assessment again after the one it was compared with was deleted:
    /// one per (assessment, deleted snapshot), so deleting the same snapshot twice queues it once, and an operator's own
    /// recent rerun of the assessment does not swallow it.</summary>
    public static string RecompareMessageId(Guid snapshotId, Guid deletedSnapshotId) => $"{snapshotId:D}:recompare:{deletedSnapshotId:N}";

    // ------------------------------------------------------------------------------------------- decode

    /// <summary>Reads how <paramref name="body"/> carries its snapshot. A claim-check whose body does not parse has a null claim.</summary>
    public static SnapshotEnvelopeContent Decode(ReadOnlySpan<byte> body, ServiceBusMessageMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var props = metadata.ApplicationProperties;
        var rerun = props.TryGetValue(RerunProperty, out var r) && string.Equals(r, "true", StringComparison.OrdinalIgnoreCase);
        var identity = new EnvelopeIdentity(
            props.TryGetValue(TenantIdProperty, out var t) && Domain.TenantId.TryParse(t, out var tenant) ? tenant : null,
            props.TryGetValue(SnapshotIdProperty, out var s) && Guid.TryParseExact(s, "D", out var sid) && sid != Guid.Empty ? sid : null,
            props.TryGetValue(EnvironmentIdProperty, out var e) && Domain.EnvironmentId.TryParse(e, out var env) ? env : null);
        if (string.Equals(metadata.ContentType, ClaimCheckContentType, StringComparison.OrdinalIgnoreCase))
        {
            return new SnapshotEnvelopeContent(EnvelopeKind.ClaimCheck, ReadClaimCheck(body), rerun, identity);
        }

        var gzip = IsGzipContentType(metadata.ContentType)
                   || (props.TryGetValue(ContentEncodingProperty, out var encoding) && string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase))
                   || Payload.LooksLikeGzip(body);
        return new SnapshotEnvelopeContent(gzip ? EnvelopeKind.Gzip : EnvelopeKind.Json, null, rerun, identity);
    }

    public static bool IsGzipContentType(string? contentType) =>
        contentType is not null && (contentType.Equals(GzipContentType, StringComparison.OrdinalIgnoreCase)
                                    || contentType.Equals("application/x-gzip", StringComparison.OrdinalIgnoreCase)
                                    || contentType.Contains("+gzip", StringComparison.OrdinalIgnoreCase));

    private static ClaimCheckRef? ReadClaimCheck(ReadOnlySpan<byte> body)
    {
        try
        {
            var claim = JsonSerializer.Deserialize(body, MessageJsonContext.Default.ClaimCheck);
            if (claim is null || claim.SnapshotId == Guid.Empty || !Domain.TenantId.TryParse(claim.TenantId, out var tenant))
            {
                return null;
            }

            if (claim.EnvironmentId is null)
            {
                return new ClaimCheckRef(tenant, claim.SnapshotId, null);
            }

            return Domain.EnvironmentId.TryParse(claim.EnvironmentId, out var environment) ? new ClaimCheckRef(tenant, claim.SnapshotId, environment) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Source-generated JSON of what the queue carries besides snapshots (the claim-check body).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClaimCheck))]
internal sealed partial class MessageJsonContext : JsonSerializerContext;
