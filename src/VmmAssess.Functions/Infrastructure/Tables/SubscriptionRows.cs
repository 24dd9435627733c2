using Azure;
using Azure.Data.Tables;
using static VmmAssess.Functions.Infrastructure.Tables.AssessmentTable;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>
/// Webhook subscriptions (<c>~subscriptions</c>, row <c>{subscriptionId}</c>, with the signing key in the binary column
/// <c>SigningKey</c>, which no read but <see cref="FindSigningKeyAsync"/> selects) and their delivery log
/// (<c>~deliveries</c>, row <c>{subscriptionId}|{inverted ticks}|{unique}</c>, newest first). '~' cannot start a tenant
/// id, so no tenant can name these partitions.
/// </summary>
public sealed class SubscriptionRows(AssessmentTable table)
{
    private const string Subscriptions = "~subscriptions";
    private const string Deliveries = "~deliveries";
    private static readonly string[] PublicColumns = ["RowKey", "Endpoint", "EventTypes", "TenantId", "Description", "CreatedAt", "CreatedBy"];

    public Task AddAsync(Subscription subscription, byte[] signingKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return table.Client.AddEntityAsync(new TableEntity(Subscriptions, subscription.Id)
        {
            ["Kind"] = "subscription",
            ["Endpoint"] = subscription.Endpoint.AbsoluteUri,
            ["EventTypes"] = string.Join(' ', subscription.EventTypes),
            ["TenantId"] = subscription.TenantId?.Value,
            ["Description"] = subscription.Description,
            ["CreatedAt"] = subscription.CreatedAt,
            ["CreatedBy"] = subscription.CreatedBy,
            ["SigningKey"] = signingKey,
        }, cancellationToken);
    }

    public async Task<Subscription?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var response = await table.Client.GetEntityIfExistsAsync<TableEntity>(Subscriptions, id, PublicColumns, cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } e ? Read(e) : null;
    }

    /// <summary>A subscription with the key that signs its calls (delivery only; never returned by the API).</summary>
    public async Task<(Subscription Subscription, byte[] SigningKey)?> FindSigningKeyAsync(string id, CancellationToken cancellationToken)
    {
        var response = await table.Client.GetEntityIfExistsAsync<TableEntity>(Subscriptions, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } e && e.GetBinary("SigningKey") is { Length: > 0 } key ? (Read(e), key) : null;
    }

    /// <summary>Every subscription (an operator keeps a handful, so one partition read serves list and fan-out).</summary>
    public async Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<Subscription>();
        await foreach (var e in table.QueryAsync(PartitionEquals(Subscriptions), PublicColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(e));
        }

        return list.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Deletes a subscription and its delivery log; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var response = await table.Client.DeleteEntityAsync(Subscriptions, id, ETag.All, cancellationToken).ConfigureAwait(false);
        await DeleteWhereAsync($"{PartitionEquals(Deliveries)} and {RowRange(id + "|")}", cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    public Task RecordAttemptAsync(string subscriptionId, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var row = $"{subscriptionId}|{DateTimeOffset.MaxValue.UtcTicks - attempt.At.UtcTicks:D19}|{Guid.NewGuid():N}";
        return table.Client.AddEntityAsync(new TableEntity(Deliveries, row)
        {
            ["Kind"] = "delivery",
            ["EventId"] = attempt.EventId,
            ["EventType"] = attempt.EventType,
            ["Attempt"] = attempt.Attempt,
            ["At"] = attempt.At,
            ["StatusCode"] = attempt.StatusCode,
            ["Outcome"] = attempt.Outcome.ToString(),
            ["Error"] = attempt.Error,
            ["DurationMs"] = attempt.DurationMs,
            ["NextAttemptAt"] = attempt.NextAttemptAt,
        }, cancellationToken);
    }

    /// <summary>Removes every delivery attempt made before <paramref name="before"/> (retention of the delivery log);
    /// returns how many.</summary>
    public Task<int> PruneAttemptsAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        DeleteWhereAsync($"{PartitionEquals(Deliveries)} and {TableClient.CreateQueryFilter($"At lt {before}")}", cancellationToken);

    /// <summary>Deletes the delivery rows <paramref name="filter"/> selects; returns how many.</summary>
    private async Task<int> DeleteWhereAsync(string filter, CancellationToken cancellationToken) =>
        await table.DeleteRowsAsync(Deliveries, await table.RowKeysAsync(filter, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>The newest <paramref name="max"/> attempts of a subscription, newest first.</summary>
    public async Task<IReadOnlyList<DeliveryAttempt>> LastAttemptsAsync(string subscriptionId, int max, CancellationToken cancellationToken)
    {
        var list = new List<DeliveryAttempt>();
        await foreach (var e in table.QueryAsync($"{PartitionEquals(Deliveries)} and {RowRange(subscriptionId + "|")}", maxPerPage: max, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new DeliveryAttempt(
                e.GetString("EventId") ?? "",
                e.GetString("EventType") ?? "",
                e.GetInt32("Attempt") ?? 0,
                e.GetDateTimeOffset("At") ?? default,
                e.GetInt32("StatusCode"),
                Enum.TryParse<DeliveryOutcome>(e.GetString("Outcome"), out var outcome) ? outcome : DeliveryOutcome.Failed,
                e.GetString("Error"),
                e.GetInt32("DurationMs") ?? 0,
                e.GetDateTimeOffset("NextAttemptAt")));
            if (list.Count == max)
            {
                break;
            }
        }

        return list;
    }

    private static Subscription Read(TableEntity e) => new(
        e.RowKey,
        new Uri(e.GetString("Endpoint") ?? ""),
        (e.GetString("EventTypes") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        e.GetString("TenantId") is { Length: > 0 } tenant ? TenantId.Parse(tenant) : null,
        e.GetString("Description"),
        e.GetDateTimeOffset("CreatedAt") ?? default,
        e.GetString("CreatedBy") ?? "");
}
