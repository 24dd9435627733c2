using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Lifecycle;

/// <summary>Deletes an environment: all its snapshots, history, latest readiness, portfolio rows and its count in the
/// totals. Idempotent.</summary>
public sealed class DeleteEnvironment(LifecycleRows lifecycle)
{
    public Task<int> ExecuteAsync(TenantId tenant, EnvironmentId environment, CancellationToken cancellationToken) =>
        lifecycle.DeleteEnvironmentAsync(tenant, environment, cancellationToken);
}
