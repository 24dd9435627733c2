using VmmAssess.Functions.Application.Access;
using VmmAssess.Functions.Application.Notifications;
using Azure;
using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Payloads;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Processing;

public enum ProcessingStatus
{
    Completed,

    /// <summary>The same snapshot was already assessed with the same rule pack (redelivery): nothing was written.</summary>
    Duplicate,

    /// <summary>Invalid input: a Rejected assessment was stored and the message is done.</summary>
    Rejected,
}

/// <param name="Changes">A completed assessment's comparison with its environment's previous one (as stored with it).</param>
/// <param name="Readiness">When the assessment became (or stayed) the environment's latest: the served readiness before and after.</param>
public sealed record ProcessingOutcome(
    ProcessingStatus Status, string TenantId, Guid SnapshotId, string? EnvironmentId, int StorageRoundTrips, bool LatestUpdated, AssessmentDelta? Changes = null, ReadinessChange? Readiness = null);

/// <summary>
/// Assesses one queue message: plain JSON, gzip JSON or a claim-check (<see cref="SnapshotEnvelope"/>). Invalid input
/// is a permanent failure: a Rejected assessment is stored and the call returns normally, so the message is completed.
/// Storage or other transient failures throw, so Service Bus redelivers and finally dead-letters.
/// </summary>
public sealed partial class ProcessSnapshot(
    AssessmentRows rows,
    PortfolioProjection portfolio,
    CompareWithPrevious compare,
    StorageRoundTrips roundTrips,
    NotificationPublisher notifications,
    IOptions<AssessmentOptions> options,
    TimeProvider time,
    ILogger<ProcessSnapshot> logger)
{
    private const int MaxConcurrencyRetries = 8;
    private readonly AssessmentEvaluator evaluator = AssessmentEvaluator.Default;

    /// <param name="proof">For a message from the collectors' inbox: the verified key's scope; the snapshot must be of its
    /// tenant (and environments), else it is rejected without touching that tenant's partition.</param>
    public async Task<ProcessingOutcome> ExecuteAsync(ReadOnlyMemory<byte> body, ServiceBusMessageMetadata metadata, CancellationToken cancellationToken, CollectorKeyScope? proof = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        using var scope = roundTrips.BeginScope();
        var outcome = await ProcessAsync(body, metadata, proof, cancellationToken).ConfigureAwait(false);
        outcome = outcome with { StorageRoundTrips = scope.Count };
        LogProcessed(logger, outcome.Status, outcome.TenantId, outcome.SnapshotId, outcome.StorageRoundTrips, metadata.MessageId, metadata.DeliveryCount);
        return outcome;
    }

    private async Task<ProcessingOutcome> ProcessAsync(ReadOnlyMemory<byte> body, ServiceBusMessageMetadata metadata, CollectorKeyScope? proof, CancellationToken cancellationToken)
    {
        var receivedAt = metadata.EnqueuedTime ?? time.GetUtcNow();
        var envelope = SnapshotEnvelope.Decode(body.Span, metadata);
        var message = new Inbound(metadata, proof is null ? envelope.Identity : new EnvelopeIdentity(proof.TenantId, null, null), receivedAt, proof is not null);
        ProcessingState? state = null;
        EnvironmentId? loadedEnvironment = null;
        byte[] json;
        byte[]? rawGzipToStore;

        if (envelope.Kind == EnvelopeKind.ClaimCheck)
        {
            if (envelope.Claim is not { } claim)
            {
                return await RejectAsync(body, message, [new ValidationError("$", "is not a valid claim-check (expected {\"tenantId\", \"snapshotId\", \"environmentId\"})")], cancellationToken).ConfigureAwait(false);
            }

            state = await rows.LoadProcessingStateAsync(claim.TenantId, claim.SnapshotId, claim.EnvironmentId, includeRaw: true, cancellationToken).ConfigureAwait(false);
            loadedEnvironment = claim.EnvironmentId;
            if (state.RawGzip is null)
            {
                return await RejectAsync(body, message, [new ValidationError("$.snapshotId", $"names snapshot {claim.SnapshotId:D} of tenant {claim.TenantId}, which is not stored")], cancellationToken).ConfigureAwait(false);
            }

            json = Inflate(state.RawGzip, out var inflateError) ?? [];
            if (inflateError is not null)
            {
                return await RejectAsync(state.RawGzip, message, [inflateError], cancellationToken).ConfigureAwait(false);
            }

            rawGzipToStore = null;
        }
        else
        {
            ValidationError? inflateError = null;
            var gzip = envelope.Kind == EnvelopeKind.Gzip;
            json = gzip ? Inflate(body, out inflateError) ?? [] : body.ToArray();
            if (gzip && json.Length == 0)
            {
                return await RejectAsync(body, message, [inflateError ?? new ValidationError("$", "the document is empty")], cancellationToken).ConfigureAwait(false);
            }

            if (json.Length > options.Value.SnapshotMaxBytes)
            {
                return await RejectAsync(body, message, [new ValidationError("$", $"the snapshot exceeds {options.Value.SnapshotMaxBytes} bytes")], cancellationToken).ConfigureAwait(false);
            }

            rawGzipToStore = gzip ? body.ToArray() : null;
        }

        var parsed = SnapshotParser.Parse(json);
        if (!parsed.IsValid || parsed.Snapshot is not { } snapshot)
        {
            return await RejectAsync(json, message, parsed.Errors, cancellationToken).ConfigureAwait(false);
        }

        if (Keys(snapshot) is not var (tenant, environment))
        {
            return await RejectAsync(json, message, [new ValidationError("$", $"tenantId and environmentId {KeySyntax.Description}")], cancellationToken).ConfigureAwait(false);
        }

        if (proof is not null && (proof.TenantId != tenant || !proof.Allows(environment)))
        {
            return await RejectAsync(json, message with { Properties = new EnvelopeIdentity(null, null, null) },
                [new ValidationError("$", $"the snapshot's tenant '{tenant}' / environment '{environment}' is not what collector key {proof.KeyId} may submit")], cancellationToken).ConfigureAwait(false);
        }

        if (SnapshotTimeBounds.Check(snapshot.CollectedAt, receivedAt, options.Value.CollectedAtMaxSkew) is { } outOfBounds)
        {
            return await RejectAsync(json, message, [outOfBounds], cancellationToken).ConfigureAwait(false);
        }

        var hash = Payload.ContentHash(json);
        for (var attempt = 1; ; attempt++)
        {
            state = attempt == 1 && state is not null && loadedEnvironment == environment && state.Header?.Partition == tenant.Value
                ? state
                : await rows.LoadProcessingStateAsync(tenant, snapshot.SnapshotId, environment, includeRaw: false, cancellationToken).ConfigureAwait(false);

            if (state.Header is { } header && header.ContentHash is not null && header.ContentHash != hash && header.Status != AssessmentStatus.Rejected)
            {
                // The id is taken by a different document: keep the stored one, record this one as rejected under its own id.
                return await RejectAsync(json, message,
                    [new ValidationError("$.snapshotId", $"{snapshot.SnapshotId:D} is already used by a different snapshot of tenant {tenant}")],
                    cancellationToken, forcedId: HashId(hash), forcedTenant: tenant).ConfigureAwait(false);
            }

            if (!envelope.Rerun && state.Header is { Status: AssessmentStatus.Completed } done && done.RulePackVersion == evaluator.Catalog.RulePackVersion)
            {
                // Redelivery: the assessment is stored; make sure the portfolio caught up (a crash may have hit between the two steps).
                if (state.Latest is { } latest && latest.SnapshotId == snapshot.SnapshotId)
                {
                    await portfolio.SyncAsync(latest, cancellationToken).ConfigureAwait(false);
                }

                return new ProcessingOutcome(ProcessingStatus.Duplicate, tenant.Value, snapshot.SnapshotId, environment.Value, 0, false);
            }

            // The tenant's waivers live at processing time apply (they came with the state, in the same query).
            var waivers = state.Waivers.Where(w => w.Covers(environment)).Select(w => w.Waiver).ToArray();
            var result = WaiverApplication.Apply(EvidenceLimits.Apply(evaluator.Evaluate(snapshot, receivedAt)), waivers, time.GetUtcNow());
            var summary = ReadinessSummary.From(result, tenant, environment);
            var changes = await compare.ExecuteAsync(tenant, environment, result, state.Latest, cancellationToken).ConfigureAwait(false);
            // A correction of a Rejected document stores its own raw copy; a stored copy of this same document is kept.
            var raw = state.Header is { RawRows: > 0 } stored && stored.ContentHash == hash ? null : rawGzipToStore ?? Payload.Gzip(json);
            try
            {
                var latestIsThis = await rows.SaveCompletedAsync(result, summary, state, hash, raw, receivedAt, changes, cancellationToken).ConfigureAwait(false);
                if (latestIsThis)
                {
                    await portfolio.SyncAsync(summary, cancellationToken).ConfigureAwait(false);
                }

                var readiness = latestIsThis ? new ReadinessChange(tenant, environment, snapshot.SnapshotId, state.Latest?.Readiness, summary.Readiness, summary.Counts) : null;
                var changeCounts = changes is null ? null : new ChangeCounts(changes.Summary.New, changes.Summary.Resolved, changes.Summary.Changed, changes.Summary.Unchanged, changes.RulePackChanged);
                await PublishCompletedAsync(summary, latestIsThis ? state.Latest : null, latestIsThis, changeCounts, cancellationToken).ConfigureAwait(false);
                return new ProcessingOutcome(ProcessingStatus.Completed, tenant.Value, snapshot.SnapshotId, environment.Value, 0, latestIsThis, changes, readiness);
            }
            catch (RequestFailedException ex) when (ex.Status is 400 or 413)
            {
                // The service refused what this document produced (an entity or property too large, a value out of its
                // range): redelivery would fail the same way, so it is permanent.
                return await RejectAsync(json, message, [new ValidationError("$", $"Table Storage refused the assessment of this document ({ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)})")], cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                LogConcurrency(logger, tenant.Value, environment.Value, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50) * attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Enqueues <c>assessment.completed</c>, and <c>readiness.changed</c> when the environment's latest readiness moved
    /// (<paramref name="previousLatest"/>: the latest before this assessment, null when there was none or this one did
    /// not become the latest). Only queue sends: no subscriber is called from here, and a failed send is logged, never thrown.
    /// </summary>
    private async Task PublishCompletedAsync(ReadinessSummary summary, ReadinessSummary? previousLatest, bool latestIsThis, ChangeCounts? changeSummary, CancellationToken cancellationToken)
    {
        var before = previousLatest?.Readiness;
        await notifications.AssessmentCompletedAsync(summary.TenantId, summary.EnvironmentId, summary.SnapshotId, before, summary.Readiness, latestIsThis, changeSummary, cancellationToken).ConfigureAwait(false);
        if (before is { } was && was != summary.Readiness)
        {
            await notifications.ReadinessChangedAsync(summary.TenantId, summary.EnvironmentId, summary.SnapshotId, was, summary.Readiness, changeSummary, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (TenantId, EnvironmentId)? Keys(Snapshot snapshot) =>
        TenantId.TryParse(snapshot.TenantId, out var tenant) && EnvironmentId.TryParse(snapshot.EnvironmentId, out var environment) ? (tenant, environment) : null;

    /// <summary>Stores a message that proves nothing about its tenant as Rejected in the unattributed partition, whatever
    /// its body claims (an inbox message that failed verification).</summary>
    public Task<ProcessingOutcome> RejectUnattributedAsync(ReadOnlyMemory<byte> body, ServiceBusMessageMetadata metadata, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var message = new Inbound(metadata, new EnvelopeIdentity(null, null, null), metadata.EnqueuedTime ?? time.GetUtcNow(), Proven: true);
        return RejectAsync(body, message, [new ValidationError("$", reason)], cancellationToken);
    }

    private async Task<ProcessingOutcome> RejectAsync(
        ReadOnlyMemory<byte> payload,
        Inbound message,
        IReadOnlyList<ValidationError> errors,
        CancellationToken cancellationToken,
        Guid? forcedId = null,
        TenantId? forcedTenant = null)
    {
        var hash = Payload.ContentHash(payload.Span);
        // A proven message's identity is its key's tenant, never what its body claims (a forged body must not reach another partition).
        var identity = message.Proven ? message.Properties : Identity(payload.Span, message.Properties);
        var rawGzip = Payload.LooksLikeGzip(payload.Span) ? payload.ToArray() : Payload.Gzip(payload.Span);
        var tenant = forcedTenant ?? identity.TenantId;
        var snapshotId = forcedId ?? identity.SnapshotId ?? HashId(hash);

        if (forcedId is null && identity is { TenantId: { } known, SnapshotId: not null })
        {
            // Never overwrite a stored valid assessment with a rejected document that claims the same id.
            var existing = await rows.LoadProcessingStateAsync(known, snapshotId, null, includeRaw: false, cancellationToken).ConfigureAwait(false);
            if (existing.Header is { Status: not AssessmentStatus.Rejected } && existing.Header.ContentHash != hash)
            {
                snapshotId = HashId(hash);
            }
        }

        var rejected = new RejectedAssessment(tenant, snapshotId, identity.EnvironmentId?.Value, message.ReceivedAt, errors, rawGzip, hash);
        await rows.SaveRejectedAsync(rejected, cancellationToken).ConfigureAwait(false);
        LogRejected(logger, rejected.Partition, snapshotId, errors.Count, message.Metadata.MessageId);
        if (tenant is { } owner)
        {
            // Only a tenant's own partition raises the event: unattributed input names no one to tell.
            await notifications.SnapshotRejectedAsync(owner, rejected.EnvironmentId, snapshotId, errors, cancellationToken).ConfigureAwait(false);
        }

        return new ProcessingOutcome(ProcessingStatus.Rejected, rejected.Partition, snapshotId, rejected.EnvironmentId, 0, false);
    }

    private byte[]? Inflate(ReadOnlyMemory<byte> gzip, out ValidationError? error)
    {
        error = null;
        try
        {
            return Payload.Gunzip(gzip, options.Value.SnapshotMaxBytes);
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

    /// <summary>A stable id for a document that has none (or whose id is taken): redelivery finds the same row.</summary>
    private static Guid HashId(string contentHash) => new(Convert.FromHexString(contentHash.AsSpan(0, 32)));

    /// <summary>Best-effort identity of an invalid document, from its JSON, else from the message's properties.</summary>
    private static EnvelopeIdentity Identity(ReadOnlySpan<byte> payload, EnvelopeIdentity properties)
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
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not valid UTF-8 (GetString throws): the identity comes from the properties.
        }

        return new EnvelopeIdentity(
            tenant is not null ? (TenantId.TryParse(tenant, out var t) ? t : null) : properties.TenantId,
            (snapshot ?? properties.SnapshotId) is { } g && g != Guid.Empty ? g : null,
            environment is not null ? (EnvironmentId.TryParse(environment, out var e) ? e : null) : properties.EnvironmentId);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record Inbound(ServiceBusMessageMetadata Metadata, EnvelopeIdentity Properties, DateTimeOffset ReceivedAt, bool Proven);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Snapshot {Status}: tenant {TenantId}, snapshot {SnapshotId}, {RoundTrips} storage round trips (message {MessageId}, delivery {DeliveryCount})")]
    private static partial void LogProcessed(ILogger logger, ProcessingStatus status, string tenantId, Guid snapshotId, int roundTrips, string? messageId, int deliveryCount);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Snapshot rejected: partition {Partition}, snapshot {SnapshotId}, {ErrorCount} validation error(s) (message {MessageId})")]
    private static partial void LogRejected(ILogger logger, string partition, Guid snapshotId, int errorCount, string? messageId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Concurrent update of {TenantId}/{EnvironmentId}; retrying (attempt {Attempt})")]
    private static partial void LogConcurrency(ILogger logger, string tenantId, string environmentId, int attempt);
}
