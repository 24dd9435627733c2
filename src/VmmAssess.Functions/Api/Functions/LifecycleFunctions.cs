using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application.Lifecycle;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>
/// Deletion and offboarding (<c>/api/admin/*</c>, operators only, audited; docs/api.md "Deleting data"): one snapshot, one environment
/// (204, synchronous) or a whole tenant (202 with a status URL; the rest runs in bounded batches in the background).
/// All idempotent.
/// </summary>
public sealed class LifecycleFunctions(HttpEndpoint http, DeleteSnapshot deleteSnapshot, DeleteEnvironment deleteEnvironment, DeleteTenant deleteTenant, GetTenantDeletion getTenantDeletion)
{
    [Function("AdminDeleteSnapshot")]
    public Task<IResult> DeleteSnapshotAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.AdminTenantSnapshot)] HttpRequest req,
        string tenantId,
        string snapshotId) =>
        http.NoContentAsync(
            req,
            Domain.Access.Operate,
            b => (Tenant: b.Tenant(tenantId), Snapshot: b.SnapshotId(snapshotId)),
            (a, ct) => deleteSnapshot.ExecuteAsync(a.Tenant, a.Snapshot, ct));

    [Function("AdminDeleteEnvironment")]
    public Task<IResult> DeleteEnvironmentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.AdminTenantEnvironment)] HttpRequest req,
        string tenantId,
        string environmentId) =>
        http.NoContentAsync(
            req,
            Domain.Access.Operate,
            b => (Tenant: b.Tenant(tenantId), Environment: b.Environment(environmentId)),
            (a, ct) => deleteEnvironment.ExecuteAsync(a.Tenant, a.Environment, ct));

    [Function("AdminDeleteTenant")]
    public Task<IResult> DeleteTenantAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.AdminTenant)] HttpRequest req,
        string tenantId) =>
        http.AcceptedAsync(
            req,
            Domain.Access.Operate,
            b => b.Tenant(tenantId),
            async (tenant, ct) => TenantDeletionResponse.From(await deleteTenant.ExecuteAsync(tenant, ct).ConfigureAwait(false)),
            deletion => deletion.StatusUrl,
            ApiJsonContext.Default.TenantDeletionResponse);

    [Function("AdminGetTenantDeletion")]
    public Task<IResult> GetTenantDeletionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AdminTenantDeletion)] HttpRequest req,
        string tenantId) =>
        http.OkAsync(
            req,
            Domain.Access.Operate,
            b => b.Tenant(tenantId),
            async (tenant, ct) => TenantDeletionResponse.From(await getTenantDeletion.ExecuteAsync(tenant, ct).ConfigureAwait(false)),
            ApiJsonContext.Default.TenantDeletionResponse);
}
