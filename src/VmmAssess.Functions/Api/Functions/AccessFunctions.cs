using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application;
using VmmAssess.Functions.Application.Access;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>Operators manage access: collector keys of a tenant, tenant grants of Entra principals, and the audit log.</summary>
public sealed class AccessFunctions(HttpEndpoint http, CollectorKeys keys, TenantGrants grants, AuditLog audit)
{
    private const int MaxRequestBodyBytes = 16 * 1024;

    [Function("CreateCollectorKey")]
    public async Task<IResult> CreateCollectorKeyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AdminCollectorKeys)] HttpRequest req,
        string tenantId)
    {
        ArgumentNullException.ThrowIfNull(req);
        var body = await RequestBody.ReadAsync(req, MaxRequestBodyBytes).ConfigureAwait(false);
        return await http.CreatedAsync(
            req,
            Domain.Access.Operate,
            b =>
            {
                var request = b.OptionalJson(body, ApiJsonContext.Default.CollectorKeyRequest) ?? new CollectorKeyRequest(null, null, null);
                return (Tenant: b.Tenant(tenantId), Environments: (request.EnvironmentIds ?? []).Select((e, i) => b.BodyEnvironment($"$.environmentIds[{i}]", e)).ToArray(), Request: request);
            },
            async (a, ct) =>
            {
                var issued = await keys.IssueAsync(a.Tenant, a.Environments, a.Request.ExpiresAt, a.Request.Description, ct).ConfigureAwait(false);
                var r = CollectorKeyResponse.From(issued.Record);
                return new IssuedCollectorKeyResponse(r.KeyId, issued.Key, r.TenantId, r.EnvironmentIds, r.Description, r.CreatedAt, r.ExpiresAt);
            },
            issued => $"/api/admin/tenants/{issued.TenantId}/collector-keys/{issued.KeyId}",
            ApiJsonContext.Default.IssuedCollectorKeyResponse).ConfigureAwait(false);
    }

    [Function("ListCollectorKeys")]
    public Task<IResult> ListCollectorKeysAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AdminCollectorKeys)] HttpRequest req,
        string tenantId) =>
        http.OkAsync(
            req,
            Domain.Access.Operate,
            b => b.Tenant(tenantId),
            async (tenant, ct) => new CollectorKeyListResponse(tenant.Value, (await keys.ListAsync(tenant, ct).ConfigureAwait(false)).Select(CollectorKeyResponse.From).ToArray()),
            ApiJsonContext.Default.CollectorKeyListResponse);

    [Function("RevokeCollectorKey")]
    public Task<IResult> RevokeCollectorKeyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.AdminCollectorKey)] HttpRequest req,
        string tenantId,
        string keyId) =>
        http.NoContentAsync(
            req,
            Domain.Access.Operate,
            b => (Tenant: b.Tenant(tenantId), KeyId: b.KeyId(keyId)),
            (a, ct) => keys.RevokeAsync(a.Tenant, a.KeyId, ct));

    [Function("GrantTenantAccess")]
    public Task<IResult> GrantTenantAccessAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.AdminGrant)] HttpRequest req,
        string principalId,
        string tenantId) =>
        ChangeGrantAsync(req, principalId, tenantId, grants.GrantAsync);

    [Function("RevokeTenantAccess")]
    public Task<IResult> RevokeTenantAccessAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.AdminGrant)] HttpRequest req,
        string principalId,
        string tenantId) =>
        ChangeGrantAsync(req, principalId, tenantId, grants.RevokeAsync);

    [Function("ListGrants")]
    public Task<IResult> ListGrantsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AdminGrants)] HttpRequest req) =>
        http.OkAsync(
            req,
            Domain.Access.Operate,
            b => b.PrincipalId(b.Request.Query["principalId"].ToString()),
            async (principal, ct) => new GrantListResponse(principal, (await grants.ListAsync(principal, ct).ConfigureAwait(false)).Select(t => t.Value).Order(StringComparer.Ordinal).ToArray()),
            ApiJsonContext.Default.GrantListResponse);

    [Function("GetAuditLog")]
    public Task<IResult> GetAuditLogAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AdminAudit)] HttpRequest req) =>
        http.OkAsync(
            req,
            Domain.Access.Operate,
            b => (Tenant: b.TenantFilter("tenantId"), From: b.Timestamp("from"), To: b.Timestamp("to"), PageSize: b.PageSize(), Token: b.ContinuationToken()),
            async (a, ct) =>
            {
                var page = await audit.ReadAsync(a.Tenant, a.From, a.To, a.PageSize, a.Token, ct).ConfigureAwait(false);
                return new AuditPageResponse(page.Items.Select(AuditEntryResponse.From).ToArray(), RequestBinder.EncodeContinuationToken(page.ContinuationToken));
            },
            ApiJsonContext.Default.AuditPageResponse);

    private Task<IResult> ChangeGrantAsync(HttpRequest req, string principalId, string tenantId, Func<Guid, TenantId, CancellationToken, Task> change) =>
        http.NoContentAsync(req, Domain.Access.Operate, b => (Principal: b.PrincipalId(principalId), Tenant: b.Tenant(tenantId)), (a, ct) => change(a.Principal, a.Tenant, ct));
}
