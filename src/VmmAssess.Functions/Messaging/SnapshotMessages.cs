namespace VmmAssess.Functions.Messaging;

/// <summary>The message contract of the snapshot queue (documented in docs/architecture.md, "Messages").</summary>
public static class SnapshotMessages
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

    public static bool IsGzipContentType(string? contentType) =>
        contentType is not null && (contentType.Equals(GzipContentType, StringComparison.OrdinalIgnoreCase)
                                    || contentType.Equals("application/x-gzip", StringComparison.OrdinalIgnoreCase)
                                    || contentType.Contains("+gzip", StringComparison.OrdinalIgnoreCase));
}

/// <summary>Body of a claim-check message.</summary>
public sealed record ClaimCheck(string TenantId, Guid SnapshotId, string? EnvironmentId);
