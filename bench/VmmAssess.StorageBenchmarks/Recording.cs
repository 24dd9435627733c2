using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;

namespace VmmAssess.StorageBenchmarks;

/// <summary>One Table Storage call as the store made it: a query, an entity-group transaction or a point read.</summary>
public abstract record StorageCall
{
    public sealed record Query(string? Filter, int? MaxPerPage, IReadOnlyList<string>? Select) : StorageCall;

    public sealed record Transaction(IReadOnlyList<TableTransactionAction> Actions) : StorageCall;

    public sealed record PointRead(string PartitionKey, string RowKey, IReadOnlyList<string>? Select) : StorageCall;

    public string Kind => this switch
    {
        Query => "query",
        Transaction => "transaction",
        _ => "point read",
    };
}

/// <summary>A TableServiceClient whose table clients record every call (and still make it), so a baseline can replay them.</summary>
public sealed class RecordingTableServiceClient(string connectionString, Func<List<StorageCall>> log) : TableServiceClient(connectionString)
{
    public override TableClient GetTableClient(string tableName) => new RecordingTableClient(base.GetTableClient(tableName), log);
}

public sealed class RecordingTableClient(TableClient inner, Func<List<StorageCall>> log) : TableClient
{
    public override string Name => inner.Name;

    public override AsyncPageable<T> QueryAsync<T>(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var columns = select?.ToArray();
        log().Add(new StorageCall.Query(filter, maxPerPage, columns));
        return inner.QueryAsync<T>(filter, maxPerPage, columns, cancellationToken);
    }

    public override Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> transactionActions, CancellationToken cancellationToken = default)
    {
        var actions = transactionActions.ToArray();
        log().Add(new StorageCall.Transaction(actions));
        return inner.SubmitTransactionAsync(actions, cancellationToken);
    }

    public override Task<NullableResponse<T>> GetEntityIfExistsAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var columns = select?.ToArray();
        log().Add(new StorageCall.PointRead(partitionKey, rowKey, columns));
        return inner.GetEntityIfExistsAsync<T>(partitionKey, rowKey, columns, cancellationToken);
    }

    public override Task<Response<TableItem>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => inner.CreateIfNotExistsAsync(cancellationToken);
}

/// <summary>Replays recorded calls against another table: same kind, filter and entities; ETag conditions become unconditional.</summary>
public static class Replay
{
    public static async Task<int> RunAsync(TableClient table, IReadOnlyList<StorageCall> calls)
    {
        var entitiesRead = 0;
        foreach (var call in calls)
        {
            switch (call)
            {
                case StorageCall.Query query:
                    await foreach (var _ in table.QueryAsync<TableEntity>(query.Filter, query.MaxPerPage, query.Select))
                    {
                        entitiesRead++;
                    }

                    break;
                case StorageCall.Transaction transaction:
                    await table.SubmitTransactionAsync(transaction.Actions.Select(Unconditional));
                    break;
                case StorageCall.PointRead read:
                    if ((await table.GetEntityIfExistsAsync<TableEntity>(read.PartitionKey, read.RowKey, read.Select)).HasValue)
                    {
                        entitiesRead++;
                    }

                    break;
            }
        }

        return entitiesRead;
    }

    // The recorded ETags belong to the recording table, and with several workers the replay order differs from the
    // recorded one: writes are replayed as upserts of the same entities (same count and size, no precondition), deletes
    // unconditionally.
    private static TableTransactionAction Unconditional(TableTransactionAction action) => action.ActionType switch
    {
        TableTransactionActionType.Add or TableTransactionActionType.UpdateReplace => new TableTransactionAction(TableTransactionActionType.UpsertReplace, action.Entity),
        TableTransactionActionType.UpdateMerge => new TableTransactionAction(TableTransactionActionType.UpsertMerge, action.Entity),
        TableTransactionActionType.Delete => new TableTransactionAction(TableTransactionActionType.Delete, action.Entity, ETag.All),
        _ => action,
    };
}

/// <summary>
/// A table client that answers every query with no rows and accepts every transaction without a server, keeping the
/// actions. Running the store's SyncPortfolioAsync through it yields exactly the portfolio rows the store writes for an
/// environment indexed for the first time, so 10,000 environments can be bulk-loaded instead of synced one by one
/// (Azurite's query time grows with the partition, which makes one-by-one syncing quadratic).
/// </summary>
public sealed class CapturingTableServiceClient(List<TableTransactionAction> captured) : TableServiceClient
{
    public override TableClient GetTableClient(string tableName) => new CapturingTableClient(captured);

    private sealed class CapturingTableClient(List<TableTransactionAction> captured) : TableClient
    {
        public override AsyncPageable<T> QueryAsync<T>(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default) =>
            AsyncPageable<T>.FromPages([Page<T>.FromValues([], null, new EmptyResponse())]);

        public override Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> transactionActions, CancellationToken cancellationToken = default)
        {
            captured.AddRange(transactionActions);
            return Task.FromResult(Response.FromValue<IReadOnlyList<Response>>([], new EmptyResponse()));
        }
    }

    private sealed class EmptyResponse : Response
    {
        public override int Status => 200;
        public override string ReasonPhrase => "OK";
        public override Stream? ContentStream { get; set; }
        public override string ClientRequestId { get; set; } = "";

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<Azure.Core.HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
