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

    // The recorded ETags belong to the recording table; the replay keeps the operation but drops the precondition.
    private static TableTransactionAction Unconditional(TableTransactionAction action) =>
        action.ActionType is TableTransactionActionType.UpdateReplace or TableTransactionActionType.UpdateMerge or TableTransactionActionType.Delete
            ? new TableTransactionAction(action.ActionType, action.Entity, ETag.All)
            : action;
}
