using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using static VmmAssess.Functions.Infrastructure.Tables.AssessmentTable;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>A re-evaluation a waiver made due: the waiver's environments are to be re-evaluated at <paramref name="Due"/>
/// (now, for a created or revoked waiver; its expiry otherwise). <paramref name="EnvironmentId"/> null: every environment.</summary>
public sealed record WaiverDue(DateTimeOffset Due, TenantId TenantId, string WaiverId, EnvironmentId? EnvironmentId, string Reason)
{
    public const string Created = "created";
    public const string Revoked = "revoked";
    public const string Expires = "expires";

    /// <summary>The <c>waiver.expiring</c> notice is due (<see cref="ExpiringNoticeLead"/> before the expiry): sent once,
    /// then the row is removed like any other.</summary>
    public const string Expiring = "expiring";

    public static readonly TimeSpan ExpiringNoticeLead = TimeSpan.FromDays(14);

    /// <summary>The rows a new waiver makes due: re-evaluation now and at its expiry, and its expiry notice.</summary>
    public static IReadOnlyList<WaiverDue> ForNewWaiver(Waiver waiver, TenantId tenant, EnvironmentId? environment)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        return
        [
            new(waiver.CreatedAt, tenant, waiver.Id, environment, Created),
            new(waiver.ExpiresAt, tenant, waiver.Id, environment, Expires),
            new(Max(waiver.CreatedAt, waiver.ExpiresAt - ExpiringNoticeLead), tenant, waiver.Id, environment, Expiring),
        ];
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>
/// The tenant's waivers (row <c>w|{waiverId}</c> of its partition; revoked ones stay, marked, for audit) and the
/// re-evaluations they make due (partition <c>~waiver-due</c>, row <c>{due ticks}|{tenant}|{waiverId}|{reason}</c>), which
/// the expiry timer works through in time order and removes once done.
/// </summary>
public sealed class WaiverRows(AssessmentTable table)
{
    /// <summary>OData condition of a waiver row that is not revoked.</summary>
    internal const string NotRevoked = "Revoked eq false";

    /// <summary>Stores a new waiver; the due rows go first, so a waiver that exists is always re-evaluated (an orphan due
    /// row, from a failure in between, finds no waiver and is dropped).</summary>
    public async Task AddAsync(WaiverRecord record, IReadOnlyList<WaiverDue> due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await AddDueAsync(due, cancellationToken).ConfigureAwait(false);
        await table.Client.AddEntityAsync(Write(record), cancellationToken).ConfigureAwait(false);
    }

    public async Task<WaiverRecord?> GetAsync(TenantId tenant, string waiverId, CancellationToken cancellationToken)
    {
        var response = await table.Client.GetEntityIfExistsAsync<TableEntity>(tenant.Value, TableKeys.Waiver(waiverId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? Read(entity) : null;
    }

    /// <summary>Marks a waiver revoked (the row stays for audit); false when it was already revoked.</summary>
    public async Task<bool> RevokeAsync(TenantId tenant, string waiverId, DateTimeOffset at, string by, CancellationToken cancellationToken)
    {
        var response = await table.Client.GetEntityIfExistsAsync<TableEntity>(tenant.Value, TableKeys.Waiver(waiverId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue || response.Value is not { } entity || entity.GetBoolean("Revoked") == true)
        {
            return false;
        }

        var change = new TableEntity(tenant.Value, entity.RowKey) { ["Revoked"] = true, ["RevokedAt"] = at, ["RevokedBy"] = by };
        try
        {
            await table.Client.UpdateEntityAsync(change, entity.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Revoked by a concurrent request: the same state.
            return false;
        }
    }

    /// <summary>One page of a tenant's waivers, filtered by the service (one range query).</summary>
    public Task<ResultPage<WaiverRecord>> PageAsync(TenantId tenant, WaiverFilter filter, DateTimeOffset now, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = $"{PartitionEquals(tenant)} and {RowRange(TableKeys.WaiverPrefix)}";
        if (filter.Environment is { } environment)
        {
            query += $" and (EnvironmentId eq '{environment.Value}' or AllEnvironments eq true)";
        }

        if (filter.Rule is { } rule)
        {
            query += $" and RuleId eq '{rule.Value}'";
        }

        if (!filter.IncludeInactive)
        {
            query += $" and {NotRevoked} and ExpiresAt gt datetime'{now.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}'";
        }

        return table.PageAsync(query, pageSize, continuationToken, Read, cancellationToken);
    }

    public async Task AddDueAsync(IReadOnlyList<WaiverDue> due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        if (due.Count > 0)
        {
            await table.SubmitAsync(due.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace, WriteDue(d))).ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Due rows in time order up to <paramref name="until"/> (inclusive), at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<WaiverDue>> GetDueAsync(DateTimeOffset from, DateTimeOffset until, int max, string? reason, CancellationToken cancellationToken)
    {
        var query = $"{PartitionEquals(TableKeys.WaiverDuePartition)} and RowKey ge '{TableKeys.WaiverDueBefore(from)}' and RowKey lt '{TableKeys.WaiverDueBefore(until.AddTicks(1))}'";
        if (reason is not null)
        {
            query += $" and Reason eq '{reason}'";
        }

        var due = new List<WaiverDue>();
        await foreach (var entity in table.QueryAsync(query, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(ReadDue(entity));
            if (due.Count == max)
            {
                break;
            }
        }

        return due;
    }

    /// <summary>Removes due rows that were worked through, one delete each (a row already gone, removed by a concurrent
    /// run, is the same state; a transaction would fail whole on it).</summary>
    public async Task RemoveDueAsync(IReadOnlyList<WaiverDue> due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        foreach (var d in due)
        {
            try
            {
                await table.Client.DeleteEntityAsync(TableKeys.WaiverDuePartition, DueKey(d), ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
        }
    }

    internal static TableEntity Write(WaiverRecord record)
    {
        var w = record.Waiver;
        var entity = new TableEntity(w.TenantId, TableKeys.Waiver(w.Id))
        {
            ["Kind"] = "waiver",
            ["WaiverId"] = w.Id,
            ["TenantId"] = w.TenantId,
            ["EnvironmentId"] = w.EnvironmentId,
            ["AllEnvironments"] = w.EnvironmentId is null,
            ["RuleId"] = w.RuleId,
            ["Objects"] = w.Objects is null ? null : JsonSerializer.Serialize(w.Objects, StoredWaiverJsonContext.Default.IReadOnlyListString),
            ["Reason"] = w.Reason,
            ["CreatedBy"] = w.CreatedBy,
            ["CreatedAt"] = w.CreatedAt,
            ["ExpiresAt"] = w.ExpiresAt,
            ["Ticket"] = w.Ticket,
            ["Revoked"] = record.RevokedAt is not null,
            ["RevokedAt"] = record.RevokedAt,
            ["RevokedBy"] = record.RevokedBy,
        };
        return entity;
    }

    internal static WaiverRecord Read(TableEntity e) => new(
        new Waiver(
            e.GetString("WaiverId") ?? "",
            e.GetString("TenantId") ?? e.PartitionKey,
            e.GetString("EnvironmentId"),
            e.GetString("RuleId") ?? "",
            e.GetString("Objects") is { } objects ? JsonSerializer.Deserialize(objects, StoredWaiverJsonContext.Default.IReadOnlyListString) : null,
            e.GetString("Reason") ?? "",
            e.GetString("CreatedBy") ?? "",
            e.GetDateTimeOffset("CreatedAt") ?? default,
            e.GetDateTimeOffset("ExpiresAt") ?? default,
            e.GetString("Ticket")),
        e.GetDateTimeOffset("RevokedAt"),
        e.GetString("RevokedBy"));

    private static string DueKey(WaiverDue d) => TableKeys.WaiverDue(d.Due, d.TenantId, d.WaiverId, d.Reason);

    private static TableEntity WriteDue(WaiverDue d) => new(TableKeys.WaiverDuePartition, DueKey(d))
    {
        ["Kind"] = "waiver-due",
        ["Due"] = d.Due,
        ["TenantId"] = d.TenantId.Value,
        ["WaiverId"] = d.WaiverId,
        ["EnvironmentId"] = d.EnvironmentId?.Value,
        ["Reason"] = d.Reason,
    };

    private static WaiverDue ReadDue(TableEntity e) => new(
        e.GetDateTimeOffset("Due") ?? default,
        TenantId.Parse(e.GetString("TenantId")),
        e.GetString("WaiverId") ?? "",
        e.GetString("EnvironmentId") is { } environment ? EnvironmentId.Parse(environment) : null,
        e.GetString("Reason") ?? "");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoredWaiverJsonContext : JsonSerializerContext;
