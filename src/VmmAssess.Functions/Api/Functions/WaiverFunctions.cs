using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application.Queries;
using VmmAssess.Functions.Application.Waivers;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>
/// Waivers (accepted risks) of a tenant: operators create and revoke them (audited, re-applied at once to the
/// environments they cover); the tenant's readers and portfolio readers list and read them (docs/api.md, "Waivers").
/// </summary>
public sealed class WaiverFunctions(HttpEndpoint http, CreateWaiver create, ListWaivers list, GetWaiver get, RevokeWaiver revoke, GetRuleCatalog rules, TimeProvider time)
{
    /// <summary>A waiver with 100 objects of 256 characters and a 2,000-character reason fits with room to spare.</summary>
    private const int MaxRequestBodyBytes = 64 * 1024;

    [Function("CreateWaiver")]
    public async Task<IResult> CreateWaiverAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TenantWaivers)] HttpRequest req,
        string tenantId)
    {
        ArgumentNullException.ThrowIfNull(req);
        var body = await RequestBody.ReadAsync(req, MaxRequestBodyBytes).ConfigureAwait(false);
        return await http.CreatedAsync(
            req,
            Domain.Access.Operate,
            b =>
            {
                var tenant = b.Tenant(tenantId);
                if (b.Json(body, ApiJsonContext.Default.WaiverRequest) is not { } request || b.BoundTenant is null)
                {
                    return null;
                }

                var (waiver, errors) = WaiverRules.Prepare(tenant, request.ToDraft(), b.Caller.PrincipalId, time.GetUtcNow(), rules.Catalog);
                b.Add(errors);
                return waiver;
            },
            async (waiver, ct) => WaiverResponse.From((await create.ExecuteAsync(waiver!, ct).ConfigureAwait(false)).Record, time.GetUtcNow()),
            created => Routes.WaiverUrl(created.TenantId, created.Id),
            ApiJsonContext.Default.WaiverResponse).ConfigureAwait(false);
    }

    [Function("ListWaivers")]
    public Task<IResult> ListWaiversAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TenantWaivers)] HttpRequest req,
        string tenantId) =>
        http.OkAsync(
            req,
            Domain.Access.ReadTenant,
            b => (Tenant: b.Tenant(tenantId), Filter: new WaiverFilter(b.EnvironmentFilter("environmentId"), b.RuleId(rules.Catalog), b.Flag("includeInactive")), PageSize: b.PageSize(), Token: b.ContinuationToken()),
            async (a, ct) =>
            {
                var page = await list.ExecuteAsync(a.Tenant, a.Filter, a.PageSize, a.Token, ct).ConfigureAwait(false);
                var now = time.GetUtcNow();
                return new WaiverPageResponse(a.Tenant.Value, page.Items.Select(w => WaiverResponse.From(w, now)).ToArray(), RequestBinder.EncodeContinuationToken(page.ContinuationToken));
            },
            ApiJsonContext.Default.WaiverPageResponse);

    [Function("GetWaiver")]
    public Task<IResult> GetWaiverAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TenantWaiver)] HttpRequest req,
        string tenantId,
        string waiverId) =>
        http.OkAsync(
            req,
            Domain.Access.ReadTenant,
            b => (Tenant: b.Tenant(tenantId), Waiver: b.WaiverId(waiverId)),
            async (a, ct) => WaiverResponse.From(await get.ExecuteAsync(a.Tenant, a.Waiver, ct).ConfigureAwait(false), time.GetUtcNow()),
            ApiJsonContext.Default.WaiverResponse);

    [Function("RevokeWaiver")]
    public Task<IResult> RevokeWaiverAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.TenantWaiver)] HttpRequest req,
        string tenantId,
        string waiverId) =>
        http.NoContentAsync(
            req,
            Domain.Access.Operate,
            b => (Tenant: b.Tenant(tenantId), Waiver: b.WaiverId(waiverId), b.Caller),
            (a, ct) => revoke.ExecuteAsync(a.Tenant, a.Waiver, a.Caller.PrincipalId, ct));
}
