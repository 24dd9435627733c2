using VmmAssess.Functions.Infrastructure.Messaging;
using VmmAssess.Functions.Infrastructure.Payloads;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Intake;

/// <summary>How an uploaded body is encoded (the edge reads it from the request, e.g. <c>Content-Encoding</c>).</summary>
public enum PayloadEncoding { Identity, Gzip }

/// <summary>A snapshot upload for one tenant.</summary>
/// <summary>A snapshot upload for one tenant; <paramref name="AllowedEnvironments"/> limits a collector key to some environments.</summary>
public sealed record SnapshotUpload(TenantId TenantId, Stream Body, PayloadEncoding Encoding, long? Length, IdempotencyKey? IdempotencyKey, IReadOnlyList<EnvironmentId>? AllowedEnvironments = null);

/// <summary>
/// The webhook's use case: validates a snapshot, stores it raw (gzip) with a Queued assessment and enqueues it.
/// Idempotent: the same snapshot (same id and content) or the same Idempotency-Key is accepted again without a second
/// stored copy; the message id is the snapshot id, so duplicate detection drops a second send.
/// </summary>
public sealed class SubmitSnapshot(IntakeRows intake, SnapshotQueueClient queue, IOptions<AssessmentOptions> options, TimeProvider time)
{
    public async Task<SnapshotReceipt> ExecuteAsync(SnapshotUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var (queued, environment) = Accept(upload, await ReadBodyAsync(upload, cancellationToken).ConfigureAwait(false));
        var tenant = upload.TenantId;
        var snapshotId = queued.SnapshotId;
        var hash = queued.ContentHash;
        var gzip = queued.RawGzip;
        var firstAttempt = true;
        while (true)
        {
            var state = await intake.GetIntakeStateAsync(tenant, snapshotId, upload.IdempotencyKey, cancellationToken).ConfigureAwait(false);
            if (state.IdempotencyKeySnapshotId is { } keyed && (keyed != snapshotId || state.IdempotencyKeyContentHash != hash))
            {
                throw new IdempotencyKeyReusedException($"The Idempotency-Key was first used for snapshot {keyed:D} with different content.");
            }

            if (state.Existing is { } existing)
            {
                if (existing.ContentHash != hash && existing.Status == AssessmentStatus.Rejected && firstAttempt)
                {
                    // A correction: a valid document replaces a rejected one with the same id (its raw copy too).
                    firstAttempt = false;
                    if (await intake.ReplaceRejectedAsync(queued, state, cancellationToken).ConfigureAwait(false))
                    {
                        await queue.SendSnapshotAsync(tenant, snapshotId, environment, gzip, cancellationToken).ConfigureAwait(false);
                        return new SnapshotReceipt(tenant, snapshotId, environment.Value, AssessmentStatus.Queued, Replayed: false);
                    }

                    continue;
                }

                if (existing.ContentHash != hash)
                {
                    throw new ConflictException($"Snapshot {snapshotId:D} was already received with different content; a new snapshot needs a new snapshotId.");
                }

                if (existing.Status == AssessmentStatus.Queued)
                {
                    // The first attempt may have stored but not sent; the message id makes a second send harmless.
                    await queue.SendSnapshotAsync(tenant, snapshotId, environment, gzip, cancellationToken).ConfigureAwait(false);
                }

                return new SnapshotReceipt(tenant, snapshotId, environment.Value, existing.Status, Replayed: true);
            }

            if (!firstAttempt)
            {
                throw new InvalidOperationException($"Snapshot {snapshotId:D} of {tenant} was neither stored nor found.");
            }

            firstAttempt = false;
            if (await intake.SaveQueuedAsync(queued, cancellationToken).ConfigureAwait(false))
            {
                await queue.SendSnapshotAsync(tenant, snapshotId, environment, gzip, cancellationToken).ConfigureAwait(false);
                return new SnapshotReceipt(tenant, snapshotId, environment.Value, AssessmentStatus.Queued, Replayed: false);
            }

            // A concurrent request with the same snapshot won the race: read what it stored and answer as a replay.
        }
    }

    /// <summary>
    /// Validates the document and returns what is kept of it: ids, times, content hash and the gzip copy to store and
    /// send. The JSON and the parsed snapshot are dropped on return, so they are not held through the storage calls
    /// (locals of the async caller would be).
    /// </summary>
    private (QueuedSnapshot Queued, EnvironmentId Environment) Accept(SnapshotUpload upload, Body body)
    {
        var parsed = SnapshotParser.Parse(body.Json);
        if (!parsed.IsValid || parsed.Snapshot is not { } snapshot)
        {
            throw new InvalidSnapshotException(parsed.Errors);
        }

        var tenant = upload.TenantId;
        if (!string.Equals(snapshot.TenantId, tenant.Value, StringComparison.Ordinal))
        {
            throw new InvalidSnapshotException([new ValidationError("$.tenantId", $"must equal the tenant of the URL ('{tenant}')")]);
        }

        if (!EnvironmentId.TryParse(snapshot.EnvironmentId, out var environment))
        {
            throw new InvalidSnapshotException([new ValidationError("$.environmentId", KeySyntax.Description)]);
        }

        if (upload.AllowedEnvironments is { } allowed && !allowed.Contains(environment))
        {
            throw new AccessDeniedException($"The collector key may not submit snapshots of environment '{environment}'.");
        }

        var receivedAt = time.GetUtcNow();
        if (SnapshotTimeBounds.Check(snapshot.CollectedAt, receivedAt, options.Value.CollectedAtMaxSkew) is { } outOfBounds)
        {
            throw new InvalidSnapshotException([outOfBounds]);
        }

        var hash = Payload.ContentHash(body.Json);
        // The client's gzip is stored and sent as it came (its content is what was validated and hashed); a plain body,
        // or a gzip that hardly compresses, is compressed here.
        var gzip = body.Gzip is { } sent && sent.Length <= body.Json.Length / 2 ? sent : Payload.Gzip(body.Json);
        return (new QueuedSnapshot(tenant, snapshot.SnapshotId, environment, snapshot.CollectedAt, receivedAt, hash, gzip, upload.IdempotencyKey), environment);
    }

    /// <summary>The uploaded document, and the gzip it came in (if it did).</summary>
    private sealed record Body(byte[] Json, byte[]? Gzip);

    /// <summary>
    /// Reads the body into one array of its exact size (from Content-Length; a chunked upload is gathered in pooled
    /// buffers and copied once) and, for gzip, inflates it into one array sized from the gzip trailer: the JSON is
    /// held once, never in a growing buffer and its copy.
    /// </summary>
    private async Task<Body> ReadBodyAsync(SnapshotUpload upload, CancellationToken cancellationToken)
    {
        var max = options.Value.SnapshotMaxBytes;
        try
        {
            if (upload.Encoding == PayloadEncoding.Identity)
            {
                return upload.Length > max
                    ? throw new SnapshotTooLargeException(max)
                    : new Body(await Payload.ReadAllAsync(upload.Body, upload.Length, max, cancellationToken).ConfigureAwait(false), null);
            }

            var compressed = await Payload.ReadAllAsync(upload.Body, upload.Length, max, cancellationToken).ConfigureAwait(false);
            var json = Payload.Gunzip(compressed, Math.Min(max, (long)compressed.Length * options.Value.MaxCompressionRatio));
            return new Body(json, compressed);
        }
        catch (PayloadTooLargeException ex) when (ex.MaxBytes < max)
        {
            throw new InvalidSnapshotException([new ValidationError("$", $"the gzip body inflates more than {options.Value.MaxCompressionRatio} times its size; such a ratio is not a snapshot")]);
        }
        catch (PayloadTooLargeException)
        {
            throw new SnapshotTooLargeException(max);
        }
        catch (InvalidDataException)
        {
            throw new InvalidSnapshotException([new ValidationError("$", "the body is marked Content-Encoding: gzip but is not valid gzip data")]);
        }
    }
}
