using System.Text;
using Azure;
using Azure.Data.Tables;
using static VmmAssess.Functions.Infrastructure.Tables.AssessmentTable;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>A snapshot accepted by the webhook: stored raw (gzip) with a Queued header before it is enqueued.</summary>
public sealed record QueuedSnapshot(
    TenantId TenantId,
    Guid SnapshotId,
    EnvironmentId EnvironmentId,
    DateTimeOffset CollectedAt,
    DateTimeOffset ReceivedAt,
    string ContentHash,
    byte[] RawGzip,
    IdempotencyKey? IdempotencyKey);

/// <summary>What the webhook finds before storing: an earlier upload of the same snapshot and/or the same idempotency key.</summary>
public sealed record IntakeState(AssessmentRecord? Existing, Guid? IdempotencyKeySnapshotId, string? IdempotencyKeyContentHash)
{
    internal ETag ExistingETag { get; init; }
}

/// <summary>The webhook's rows: the Queued header, the raw snapshot and the idempotency key (<c>k|{key}</c>).</summary>
public sealed class IntakeRows(AssessmentTable table)
{
    /// <summary>One query: the snapshot's header (if any) and the idempotency key's record (if any).</summary>
    public async Task<IntakeState> GetIntakeStateAsync(TenantId tenant, Guid snapshotId, IdempotencyKey? idempotencyKey, CancellationToken cancellationToken)
    {
        var filter = new StringBuilder(PartitionEquals(tenant)).Append(" and (").Append(RowEquals(TableKeys.Assessment(snapshotId)));
        if (idempotencyKey is { } key)
        {
            filter.Append(" or ").Append(RowEquals(TableKeys.Idempotency(key)));
        }

        filter.Append(')');
        AssessmentRecord? header = null;
        ETag headerETag = default;
        Guid? keySnapshot = null;
        string? keyHash = null;
        await foreach (var entity in table.QueryAsync(filter.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey.StartsWith("k|", StringComparison.Ordinal))
            {
                keySnapshot = entity.GetGuid("SnapshotId");
                keyHash = entity.GetString("ContentHash");
            }
            else
            {
                header = RowMapping.ReadHeader(entity);
                headerETag = entity.ETag;
            }
        }

        return new IntakeState(header, keySnapshot, keyHash) { ExistingETag = headerETag };
    }

    /// <summary>A correction: replaces a Rejected header (ETag-guarded) and its raw copy with a valid, Queued snapshot;
    /// raw chunks of the old copy beyond the new one are removed. False when the header changed meanwhile.</summary>
    public async Task<bool> ReplaceRejectedAsync(QueuedSnapshot snapshot, IntakeState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(state);
        var partition = snapshot.TenantId.Value;
        var leading = RowMapping.RawRows(partition, snapshot.SnapshotId, snapshot.RawGzip, out var rawRows);
        for (var i = rawRows; i < (state.Existing?.RawRows ?? 0); i++)
        {
            leading.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.RawChunk(snapshot.SnapshotId, i)), ETag.All));
        }

        var header = RowMapping.Header(partition, snapshot.SnapshotId, snapshot.EnvironmentId.Value, AssessmentStatus.Queued, snapshot.ReceivedAt, snapshot.ContentHash, rawRows, snapshot.RawGzip.Length, findingCount: 0);
        header["CollectedAt"] = snapshot.CollectedAt;
        try
        {
            await table.SubmitAsync(leading, [new(TableTransactionActionType.UpdateReplace, header, state.ExistingETag)], cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Stores the raw snapshot and a Queued header (plus the idempotency key). Returns false when another request
    /// stored the same snapshot first (the caller then answers as for a repeated request).</summary>
    public async Task<bool> SaveQueuedAsync(QueuedSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var partition = snapshot.TenantId.Value;
        var leading = RowMapping.RawRows(partition, snapshot.SnapshotId, snapshot.RawGzip, out var rawRows);
        var header = RowMapping.Header(partition, snapshot.SnapshotId, snapshot.EnvironmentId.Value, AssessmentStatus.Queued, snapshot.ReceivedAt, snapshot.ContentHash, rawRows, snapshot.RawGzip.Length, findingCount: 0);
        header["CollectedAt"] = snapshot.CollectedAt;
        var final = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, header),
            new(TableTransactionActionType.UpsertReplace, RowMapping.TenantMarker(snapshot.TenantId)),
        };
        if (snapshot.IdempotencyKey is { } key)
        {
            final.Add(new(TableTransactionActionType.Add, new TableEntity(partition, TableKeys.Idempotency(key))
            {
                ["Kind"] = "idempotency-key",
                ["SnapshotId"] = snapshot.SnapshotId,
                ["ContentHash"] = snapshot.ContentHash,
                ["CreatedAt"] = snapshot.ReceivedAt,
            }));
        }

        try
        {
            await table.SubmitAsync(leading, final, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
