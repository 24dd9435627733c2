using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Lifecycle;

/// <summary>The status of a tenant deletion (the 202's status URL).</summary>
public sealed class GetTenantDeletion(LifecycleRows lifecycle)
{
    public async Task<TenantDeletionJob> ExecuteAsync(TenantId tenant, CancellationToken cancellationToken) =>
        await lifecycle.GetTenantDeletionAsync(tenant, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException($"No deletion of tenant '{tenant}' was requested.");
}
