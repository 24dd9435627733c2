using Azure;
using Azure.Data.Tables;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>
/// The app's one table (see docs/architecture.md, "Storage design"): the client, OData filters over its keys, paged
/// range reads and entity-group transactions split to the service's limits. The row families are written and read by
/// <see cref="IntakeRows"/>, <see cref="AssessmentRows"/>, <see cref="PortfolioProjection"/> and <see cref="AssessmentReads"/>.
/// </summary>
public sealed class AssessmentTable
{
    private const int MaxBatchOperations = 100;
    private const long MaxBatchWireBytes = 3 * 1024 * 1024 + 512 * 1024;

    private readonly TableServiceClient service;
    private readonly string tableName;
    private TableClient? client;

    public AssessmentTable(TableServiceClient service, IOptions<AssessmentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.service = service ?? throw new ArgumentNullException(nameof(service));
        tableName = options.Value.TableName;
    }

    internal TableClient Client => client ??= service.GetTableClient(tableName);

    /// <summary>The table outside the Functions host (benchmarks, tools), optionally counting round trips.</summary>
    public static AssessmentTable Create(string connectionString, string tableName, StorageRoundTrips? roundTrips = null)
    {
        var options = new TableClientOptions();
        if (roundTrips is not null)
        {
            options.AddPolicy(roundTrips.CreatePolicy(), Azure.Core.HttpPipelinePosition.PerRetry);
        }

        return new AssessmentTable(new TableServiceClient(connectionString, options), Options.Create(new AssessmentOptions { TableName = tableName }));
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        await Client.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    internal IAsyncEnumerable<TableEntity> QueryAsync(string filter, IEnumerable<string>? select = null, int? maxPerPage = null, CancellationToken cancellationToken = default) =>
        Client.QueryAsync<TableEntity>(filter, maxPerPage, select, cancellationToken);

    /// <summary>One page of a range read, mapped; <paramref name="continuationToken"/> is the storage token.</summary>
    internal async Task<ResultPage<T>> PageAsync<T>(string filter, int pageSize, string? continuationToken, Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        await foreach (var page in Client.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
                           .AsPages(continuationToken, pageSize).ConfigureAwait(false))
        {
            return new ResultPage<T>(page.Values.Select(map).ToArray(), page.ContinuationToken);
        }

        return new ResultPage<T>([], null);
    }

    /// <summary>
    /// Everything in one transaction when it fits; otherwise the leading actions (idempotent upserts of raw rows or
    /// findings) go first, in as few transactions as the 100-operation / 4 MiB limits allow, and the final group last.
    /// </summary>
    internal async Task SubmitAsync(IReadOnlyList<TableTransactionAction> leading, IReadOnlyList<TableTransactionAction> final, CancellationToken cancellationToken)
    {
        if (Fits([.. leading, .. final]))
        {
            await Client.SubmitTransactionAsync([.. leading, .. final], cancellationToken).ConfigureAwait(false);
            return;
        }

        var batch = new List<TableTransactionAction>();
        long size = 0;
        foreach (var action in leading)
        {
            var actionSize = WireSize(action);
            if (batch.Count > 0 && (batch.Count == MaxBatchOperations || size + actionSize > MaxBatchWireBytes))
            {
                await Client.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                batch = [];
                size = 0;
            }

            batch.Add(action);
            size += actionSize;
        }

        if (batch.Count > 0)
        {
            await Client.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        await Client.SubmitTransactionAsync(final, cancellationToken).ConfigureAwait(false);
    }

    internal Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        Client.SubmitTransactionAsync(actions, cancellationToken);

    private static readonly string[] KeyColumns = ["PartitionKey", "RowKey"];

    /// <summary>The row keys <paramref name="filter"/> selects (keys only).</summary>
    internal async Task<List<string>> RowKeysAsync(string filter, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var e in QueryAsync(filter, select: KeyColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(e.RowKey);
        }

        return keys;
    }

    /// <summary>Deletes rows of one partition in transactions of at most 100; a row someone else deleted meanwhile is
    /// skipped (the transaction that met it is redone row by row). Returns how many rows were asked for.</summary>
    internal async Task<int> DeleteRowsAsync(string partition, IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var chunk in rowKeys.Chunk(MaxBatchOperations))
        {
            try
            {
                await SubmitAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All)).ToArray(), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                foreach (var key in chunk)
                {
                    await Client.DeleteEntityAsync(partition, key, ETag.All, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return rowKeys.Count;
    }

    /// <summary>Whether the actions fit one entity-group transaction.</summary>
    internal static bool Fits(IReadOnlyCollection<TableTransactionAction> actions) =>
        actions.Count <= MaxBatchOperations && actions.Sum(WireSize) <= MaxBatchWireBytes;

    private static long WireSize(TableTransactionAction action) => BinaryColumns.WireSize(action.Entity as TableEntity ?? new TableEntity());

    internal static string PartitionEquals(string partitionKey) => $"PartitionKey eq '{Escape(partitionKey)}'";

    internal static string PartitionEquals(TenantId tenant) => PartitionEquals(tenant.Value);

    internal static string RowEquals(string rowKey) => $"RowKey eq '{Escape(rowKey)}'";

    internal static string RowRange(string prefix) => $"(RowKey ge '{Escape(prefix)}' and RowKey lt '{Escape(TableKeys.RangeEnd(prefix))}')";

    private static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}

/// <summary>Another instance changed the same environment between our read and our write: reload and retry.</summary>
public sealed class ConcurrencyException(string message, Exception inner) : Exception(message, inner);
