using Microsoft.Extensions.Options;
using VmmAssess.Core.Snapshots;
using VmmAssess.Functions.Configuration;
using VmmAssess.Functions.Http;
using VmmAssess.Functions.Messaging;
using VmmAssess.Functions.Storage;

namespace VmmAssess.Functions.Processing;

/// <summary>
/// The webhook: validates a snapshot, stores it raw (gzip) with a Queued assessment and enqueues it.
/// Idempotent: the same snapshot (same id and content) or the same Idempotency-Key answers 202 again without a second
/// stored copy; the message id is the snapshot id, so duplicate detection drops a second send.
/// </summary>
public sealed class SnapshotIntake(AssessmentStore store, SnapshotSender queue, IOptions<AssessmentOptions> options, TimeProvider time)
{
    public async Task<SnapshotAccepted> AcceptAsync(string tenantId, Stream body, string? contentEncoding, long? contentLength, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var json = await ReadBodyAsync(body, contentEncoding, contentLength, cancellationToken).ConfigureAwait(false);
        var parsed = SnapshotParser.Parse(json);
        if (!parsed.IsValid || parsed.Snapshot is not { } snapshot)
        {
            throw ProblemException.InvalidSnapshot(parsed.Errors);
        }

        if (!string.Equals(snapshot.TenantId, tenantId, StringComparison.Ordinal))
        {
            throw ProblemException.InvalidSnapshot([new ValidationError("$.tenantId", $"must equal the tenant of the URL ('{tenantId}')")]);
        }

        var hash = Compression.ContentHash(json);
        var state = await store.GetIntakeStateAsync(tenantId, snapshot.SnapshotId, idempotencyKey, cancellationToken).ConfigureAwait(false);
        if (state.IdempotencyKeySnapshotId is { } keyed && (keyed != snapshot.SnapshotId || state.IdempotencyKeyContentHash != hash))
        {
            throw ProblemException.IdempotencyKeyReused($"The Idempotency-Key was first used for snapshot {keyed:D} with different content.");
        }

        if (state.Existing is { } existing)
        {
            if (existing.ContentHash != hash)
            {
                throw ProblemException.Conflict($"Snapshot {snapshot.SnapshotId:D} was already received with different content; a new snapshot needs a new snapshotId.");
            }

            if (existing.Status == AssessmentStatus.Queued)
            {
                // The first attempt may have stored but not sent; the message id makes a second send harmless.
                await SendAsync(snapshot, Compression.Gzip(json), cancellationToken).ConfigureAwait(false);
            }

            return Accepted(snapshot, existing.Status, replayed: true);
        }

        var gzip = Compression.Gzip(json);
        var stored = await store.SaveQueuedAsync(
            new QueuedSnapshot(tenantId, snapshot.SnapshotId, snapshot.EnvironmentId, snapshot.CollectedAt, time.GetUtcNow(), hash, gzip, idempotencyKey),
            cancellationToken).ConfigureAwait(false);
        if (!stored)
        {
            // A concurrent request with the same snapshot won the race; answer as a replay after checking its content.
            return await AcceptAsync(tenantId, new MemoryStream(json), null, json.Length, idempotencyKey, cancellationToken).ConfigureAwait(false);
        }

        await SendAsync(snapshot, gzip, cancellationToken).ConfigureAwait(false);
        return Accepted(snapshot, AssessmentStatus.Queued, replayed: false);
    }

    public static string StatusUrl(string tenantId, Guid snapshotId) => $"/api/tenants/{tenantId}/assessments/{snapshotId:D}";

    private Task<bool> SendAsync(Snapshot snapshot, byte[] gzip, CancellationToken cancellationToken) =>
        queue.SendSnapshotAsync(snapshot.TenantId, snapshot.SnapshotId, snapshot.EnvironmentId, gzip, cancellationToken);

    private static SnapshotAccepted Accepted(Snapshot snapshot, AssessmentStatus status, bool replayed) =>
        new(snapshot.TenantId, snapshot.SnapshotId, snapshot.EnvironmentId, status, StatusUrl(snapshot.TenantId, snapshot.SnapshotId), replayed);

    private async Task<byte[]> ReadBodyAsync(Stream body, string? contentEncoding, long? contentLength, CancellationToken cancellationToken)
    {
        var max = options.Value.SnapshotMaxBytes;
        var encoding = contentEncoding?.Trim();
        if (string.IsNullOrEmpty(encoding) || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            if (contentLength > max)
            {
                throw ProblemException.TooLarge(max);
            }

            return await ReadAsync(body, max, cancellationToken).ConfigureAwait(false);
        }

        if (!encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            throw ProblemException.UnsupportedMediaType($"Content-Encoding '{encoding}' is not supported; send identity or gzip.");
        }

        var compressed = await ReadAsync(body, max, cancellationToken).ConfigureAwait(false);
        try
        {
            return Compression.Gunzip(compressed, max);
        }
        catch (PayloadTooLargeException)
        {
            throw ProblemException.TooLarge(max);
        }
        catch (InvalidDataException)
        {
            throw ProblemException.InvalidSnapshot([new ValidationError("$", "the body is marked Content-Encoding: gzip but is not valid gzip data")]);
        }
    }

    private static async Task<byte[]> ReadAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        try
        {
            return await Compression.ReadLimitedAsync(body, max, cancellationToken).ConfigureAwait(false);
        }
        catch (PayloadTooLargeException)
        {
            throw ProblemException.TooLarge(max);
        }
    }
}
