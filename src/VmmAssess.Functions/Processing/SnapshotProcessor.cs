using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Snapshots;
using VmmAssess.Functions.Bindings;
using VmmAssess.Functions.Configuration;
using VmmAssess.Functions.Messaging;
using VmmAssess.Functions.Storage;

namespace VmmAssess.Functions.Processing;

public enum ProcessingStatus
{
    Completed,

    /// <summary>The same snapshot was already assessed with the same rule pack (redelivery): nothing was written.</summary>
    Duplicate,

    /// <summary>Invalid input: a Rejected assessment was stored and the message is done.</summary>
    Rejected,
}

public sealed record ProcessingOutcome(ProcessingStatus Status, string TenantId, Guid SnapshotId, string? EnvironmentId, int StorageRoundTrips, bool LatestUpdated);

/// <summary>
/// Assesses one queue message: plain JSON, gzip JSON (content type or application property <c>ContentEncoding</c>)
/// or a claim-check. Invalid input is a permanent failure: a Rejected assessment is stored and the call returns
/// normally, so the message is completed. Storage or other transient failures throw, so Service Bus redelivers
/// and finally dead-letters.
/// </summary>
public sealed partial class SnapshotProcessor(
    AssessmentStore store,
    StorageRoundTrips roundTrips,
    IOptions<AssessmentOptions> options,
    TimeProvider time,
    ILogger<SnapshotProcessor> logger)
{
    private const int MaxConcurrencyRetries = 8;
    private readonly AssessmentEvaluator evaluator = AssessmentEvaluator.Default;

    public async Task<ProcessingOutcome> ProcessAsync(ReadOnlyMemory<byte> body, ServiceBusMessageMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        using var scope = roundTrips.BeginScope();
        var outcome = await ProcessCoreAsync(body, metadata, cancellationToken).ConfigureAwait(false);
        outcome = outcome with { StorageRoundTrips = scope.Count };
        LogProcessed(logger, outcome.Status, outcome.TenantId, outcome.SnapshotId, outcome.StorageRoundTrips, metadata.MessageId, metadata.DeliveryCount);
        return outcome;
    }

    private async Task<ProcessingOutcome> ProcessCoreAsync(ReadOnlyMemory<byte> body, ServiceBusMessageMetadata metadata, CancellationToken cancellationToken)
    {
        var receivedAt = metadata.EnqueuedTime ?? time.GetUtcNow();
        var rerun = metadata.ApplicationProperties.TryGetValue(SnapshotMessages.RerunProperty, out var r) && string.Equals(r, "true", StringComparison.OrdinalIgnoreCase);
        ProcessingState? state = null;
        string? loadedEnvironment = null;
        byte[] json;
        byte[]? rawGzipToStore;

        if (IsClaimCheck(metadata))
        {
            var claim = ReadClaimCheck(body.Span);
            if (claim is null)
            {
                return await RejectAsync(body, metadata, receivedAt, [new ValidationError("$", "is not a valid claim-check (expected {\"tenantId\", \"snapshotId\", \"environmentId\"})")], cancellationToken).ConfigureAwait(false);
            }

            state = await store.LoadProcessingStateAsync(claim.TenantId, claim.SnapshotId, claim.EnvironmentId, includeRaw: true, cancellationToken).ConfigureAwait(false);
            loadedEnvironment = claim.EnvironmentId;
            if (state.RawGzip is null)
            {
                return await RejectAsync(body, metadata, receivedAt, [new ValidationError("$.snapshotId", $"names snapshot {claim.SnapshotId:D} of tenant {claim.TenantId}, which is not stored")], cancellationToken).ConfigureAwait(false);
            }

            json = Inflate(state.RawGzip, out var inflateError) ?? [];
            if (inflateError is not null)
            {
                return await RejectAsync(state.RawGzip, metadata, receivedAt, [inflateError], cancellationToken).ConfigureAwait(false);
            }

            rawGzipToStore = null;
        }
        else
        {
            ValidationError? inflateError = null;
            var gzip = IsGzip(metadata, body.Span);
            json = gzip ? Inflate(body, out inflateError) ?? [] : body.ToArray();
            if (gzip && json.Length == 0)
            {
                return await RejectAsync(body, metadata, receivedAt, [inflateError ?? new ValidationError("$", "the document is empty")], cancellationToken).ConfigureAwait(false);
            }

            if (json.Length > options.Value.SnapshotMaxBytes)
            {
                return await RejectAsync(body, metadata, receivedAt, [new ValidationError("$", $"the snapshot exceeds {options.Value.SnapshotMaxBytes} bytes")], cancellationToken).ConfigureAwait(false);
            }

            rawGzipToStore = gzip ? body.ToArray() : null;
        }

        var parsed = SnapshotParser.Parse(json);
        if (!parsed.IsValid || parsed.Snapshot is not { } snapshot)
        {
            return await RejectAsync(json, metadata, receivedAt, parsed.Errors, cancellationToken).ConfigureAwait(false);
        }

        var hash = Compression.ContentHash(json);
        for (var attempt = 1; ; attempt++)
        {
            state = attempt == 1 && state is not null && loadedEnvironment == snapshot.EnvironmentId && state.Header?.TenantId == snapshot.TenantId
                ? state
                : await store.LoadProcessingStateAsync(snapshot.TenantId, snapshot.SnapshotId, snapshot.EnvironmentId, includeRaw: false, cancellationToken).ConfigureAwait(false);

            if (state.Header is { } header && header.ContentHash is not null && header.ContentHash != hash && header.Status != AssessmentStatus.Rejected)
            {
                // The id is taken by a different document: keep the stored one, record this one as rejected under its own id.
                return await RejectAsync(json, metadata, receivedAt,
                    [new ValidationError("$.snapshotId", $"{snapshot.SnapshotId:D} is already used by a different snapshot of tenant {snapshot.TenantId}")],
                    cancellationToken, forcedId: HashId(hash), forcedPartition: snapshot.TenantId).ConfigureAwait(false);
            }

            if (!rerun && state.Header is { Status: AssessmentStatus.Completed } done && done.RulePackVersion == evaluator.Catalog.RulePackVersion)
            {
                // Redelivery: the assessment is stored; make sure the portfolio caught up (a crash may have hit between the two steps).
                if (state.Latest is { } latest && latest.SnapshotId == snapshot.SnapshotId)
                {
                    await store.SyncPortfolioAsync(latest, cancellationToken).ConfigureAwait(false);
                }

                return new ProcessingOutcome(ProcessingStatus.Duplicate, snapshot.TenantId, snapshot.SnapshotId, snapshot.EnvironmentId, 0, false);
            }

            var result = evaluator.Evaluate(snapshot, receivedAt);
            var raw = state.Header is { RawRows: > 0 } ? null : rawGzipToStore ?? Compression.Gzip(json);
            try
            {
                var latestIsThis = await store.SaveCompletedAsync(result, state, hash, raw, receivedAt, cancellationToken).ConfigureAwait(false);
                if (latestIsThis)
                {
                    await store.SyncPortfolioAsync(ReadinessSummary.From(result), cancellationToken).ConfigureAwait(false);
                }

                return new ProcessingOutcome(ProcessingStatus.Completed, snapshot.TenantId, snapshot.SnapshotId, snapshot.EnvironmentId, 0, latestIsThis);
            }
            catch (ConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                LogConcurrency(logger, snapshot.TenantId, snapshot.EnvironmentId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50) * attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<ProcessingOutcome> RejectAsync(
        ReadOnlyMemory<byte> payload,
        ServiceBusMessageMetadata metadata,
        DateTimeOffset receivedAt,
        IReadOnlyList<ValidationError> errors,
        CancellationToken cancellationToken,
        Guid? forcedId = null,
        string? forcedPartition = null)
    {
        var hash = Compression.ContentHash(payload.Span);
        var identity = Identity.From(payload.Span, metadata);
        var rawGzip = Compression.LooksLikeGzip(payload.Span) ? payload.ToArray() : Compression.Gzip(payload.Span);
        var partition = forcedPartition ?? identity.TenantId ?? StorageKeys.UnattributedPartition;
        var snapshotId = forcedId ?? identity.SnapshotId ?? HashId(hash);

        if (forcedId is null && identity.TenantId is not null && identity.SnapshotId is not null)
        {
            // Never overwrite a stored valid assessment with a rejected document that claims the same id.
            var existing = await store.LoadProcessingStateAsync(partition, snapshotId, null, includeRaw: false, cancellationToken).ConfigureAwait(false);
            if (existing.Header is { Status: not AssessmentStatus.Rejected } && existing.Header.ContentHash != hash)
            {
                snapshotId = HashId(hash);
            }
        }

        await store.SaveRejectedAsync(new RejectedAssessment(partition, snapshotId, identity.EnvironmentId, receivedAt, errors, rawGzip, hash), cancellationToken).ConfigureAwait(false);
        LogRejected(logger, partition, snapshotId, errors.Count, metadata.MessageId);
        return new ProcessingOutcome(ProcessingStatus.Rejected, partition, snapshotId, identity.EnvironmentId, 0, false);
    }

    private byte[]? Inflate(ReadOnlyMemory<byte> gzip, out ValidationError? error)
    {
        error = null;
        try
        {
            return Compression.Gunzip(gzip, options.Value.SnapshotMaxBytes);
        }
        catch (PayloadTooLargeException)
        {
            error = new ValidationError("$", $"the snapshot exceeds {options.Value.SnapshotMaxBytes} bytes after decompression");
        }
        catch (InvalidDataException)
        {
            error = new ValidationError("$", "the body is marked as gzip but is not valid gzip data");
        }

        return null;
    }

    private static bool IsClaimCheck(ServiceBusMessageMetadata metadata) =>
        string.Equals(metadata.ContentType, SnapshotMessages.ClaimCheckContentType, StringComparison.OrdinalIgnoreCase);

    private static bool IsGzip(ServiceBusMessageMetadata metadata, ReadOnlySpan<byte> body) =>
        SnapshotMessages.IsGzipContentType(metadata.ContentType)
        || (metadata.ApplicationProperties.TryGetValue(SnapshotMessages.ContentEncodingProperty, out var encoding) && string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase))
        || Compression.LooksLikeGzip(body);

    private static ClaimCheck? ReadClaimCheck(ReadOnlySpan<byte> body)
    {
        try
        {
            var claim = JsonSerializer.Deserialize(body, ApiJsonContext.Default.ClaimCheck);
            return claim is not null && StorageKeys.IsValidKey(claim.TenantId) && claim.SnapshotId != Guid.Empty
                   && (claim.EnvironmentId is null || StorageKeys.IsValidKey(claim.EnvironmentId))
                ? claim
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A stable id for a document that has none (or whose id is taken): redelivery finds the same row.</summary>
    private static Guid HashId(string contentHash) => new(Convert.FromHexString(contentHash.AsSpan(0, 32)));

    /// <summary>Best-effort identity of an invalid document, from its JSON, else from the message's properties.</summary>
    private sealed record Identity(string? TenantId, Guid? SnapshotId, string? EnvironmentId)
    {
        public static Identity From(ReadOnlySpan<byte> payload, ServiceBusMessageMetadata metadata)
        {
            string? tenant = null, environment = null;
            Guid? snapshot = null;
            try
            {
                var reader = new Utf8JsonReader(payload);
                using var document = JsonDocument.ParseValue(ref reader);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    tenant = Text(document.RootElement, "tenantId");
                    environment = Text(document.RootElement, "environmentId");
                    snapshot = Guid.TryParseExact(Text(document.RootElement, "snapshotId"), "D", out var id) ? id : null;
                }
            }
            catch (JsonException)
            {
            }

            var props = metadata.ApplicationProperties;
            tenant ??= props.TryGetValue(SnapshotMessages.TenantIdProperty, out var t) ? t : null;
            environment ??= props.TryGetValue(SnapshotMessages.EnvironmentIdProperty, out var e) ? e : null;
            snapshot ??= props.TryGetValue(SnapshotMessages.SnapshotIdProperty, out var s) && Guid.TryParseExact(s, "D", out var sid) ? sid : null;
            return new Identity(
                StorageKeys.IsValidKey(tenant) ? tenant : null,
                snapshot is { } g && g != Guid.Empty ? g : null,
                StorageKeys.IsValidKey(environment) ? environment : null);
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Snapshot {Status}: tenant {TenantId}, snapshot {SnapshotId}, {RoundTrips} storage round trips (message {MessageId}, delivery {DeliveryCount})")]
    private static partial void LogProcessed(ILogger logger, ProcessingStatus status, string tenantId, Guid snapshotId, int roundTrips, string? messageId, int deliveryCount);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Snapshot rejected: partition {Partition}, snapshot {SnapshotId}, {ErrorCount} validation error(s) (message {MessageId})")]
    private static partial void LogRejected(ILogger logger, string partition, Guid snapshotId, int errorCount, string? messageId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Concurrent update of {TenantId}/{EnvironmentId}; retrying (attempt {Attempt})")]
    private static partial void LogConcurrency(ILogger logger, string tenantId, string environmentId, int attempt);
}
