using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Access;

/// <summary>Which tenants a Tenant reader (or an Entra snapshot submitter) may use, by Entra object id.</summary>
public sealed class TenantGrants(AccessRows rows, TimeProvider time)
{
    public Task GrantAsync(Guid principalId, TenantId tenant, CancellationToken cancellationToken) =>
        rows.GrantAsync(principalId.ToString("D"), tenant, time.GetUtcNow(), cancellationToken);

    public async Task RevokeAsync(Guid principalId, TenantId tenant, CancellationToken cancellationToken)
    {
        try
        {
            await rows.RevokeGrantAsync(principalId.ToString("D"), tenant, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // Revoking what is not granted leaves the same state: idempotent.
        }
    }

    public Task<IReadOnlyList<TenantId>> ListAsync(Guid principalId, CancellationToken cancellationToken) =>
        rows.GetGrantsAsync(principalId.ToString("D"), cancellationToken);
}
