using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using VmmAssess.Core.Assessment;
using VmmAssess.Functions.Http;
using VmmAssess.Functions.Processing;
using VmmAssess.Functions.Storage;

namespace VmmAssess.Functions.Functions;

/// <summary>Read API. Each function validates its keys (400 before any storage call), resolves the tenant through
/// <see cref="TenantAccess"/>, calls <see cref="AssessmentQueries"/> and maps the result.</summary>
public sealed class ReadinessFunctions(AssessmentQueries queries, TenantAccess tenants)
{
    [Function("GetAssessment")]
    public async Task<IResult> GetAssessmentAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/tenants/{tenantId}/assessments/{snapshotId}")] HttpRequest req,
        string tenantId,
        string snapshotId)
    {
        ArgumentNullException.ThrowIfNull(req);
        var keys = new RequestKeys();
        var tenant = tenants.Authorize(req, tenantId, keys);
        var id = keys.SnapshotId("snapshotId", snapshotId);
        keys.ThrowIfInvalid();
        return ApiResults.Ok(await queries.GetAssessmentAsync(tenant, id, req.HttpContext.RequestAborted).ConfigureAwait(false), ApiJsonContext.Default.AssessmentView);
    }

    [Function("GetEnvironmentReadiness")]
    public async Task<IResult> GetEnvironmentReadinessAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/tenants/{tenantId}/environments/{environmentId}/readiness")] HttpRequest req,
        string tenantId,
        string environmentId)
    {
        ArgumentNullException.ThrowIfNull(req);
        var keys = new RequestKeys();
        var tenant = tenants.Authorize(req, tenantId, keys);
        var environment = keys.Key("environmentId", environmentId);
        keys.ThrowIfInvalid();
        return ApiResults.Ok(await queries.GetEnvironmentReadinessAsync(tenant, environment, req.HttpContext.RequestAborted).ConfigureAwait(false), ApiJsonContext.Default.ReadinessSummary);
    }

    [Function("GetEnvironmentHistory")]
    public async Task<IResult> GetEnvironmentHistoryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/tenants/{tenantId}/environments/{environmentId}/assessments")] HttpRequest req,
        string tenantId,
        string environmentId)
    {
        ArgumentNullException.ThrowIfNull(req);
        var keys = new RequestKeys();
        var tenant = tenants.Authorize(req, tenantId, keys);
        var environment = keys.Key("environmentId", environmentId);
        var pageSize = keys.PageSize(req);
        var token = keys.ContinuationToken(req);
        keys.ThrowIfInvalid();
        return ApiResults.Ok(await queries.GetHistoryAsync(tenant, environment, pageSize, token, req.HttpContext.RequestAborted).ConfigureAwait(false), ApiJsonContext.Default.HistoryPage);
    }

    [Function("GetTenantReadiness")]
    public async Task<IResult> GetTenantReadinessAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/tenants/{tenantId}/readiness")] HttpRequest req,
        string tenantId)
    {
        ArgumentNullException.ThrowIfNull(req);
        var keys = new RequestKeys();
        var tenant = tenants.Authorize(req, tenantId, keys);
        keys.ThrowIfInvalid();
        return ApiResults.Ok(await queries.GetTenantReadinessAsync(tenant, req.HttpContext.RequestAborted).ConfigureAwait(false), ApiJsonContext.Default.TenantReadiness);
    }

    [Function("GetPortfolio")]
    public async Task<IResult> GetPortfolioAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/readiness")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var keys = new RequestKeys();
        var filter = new PortfolioFilter(keys.Readiness(req), keys.TargetVersion(req), keys.RuleId(req, queries.Catalog));
        var pageSize = keys.PageSize(req);
        var token = keys.ContinuationToken(req);
        keys.ThrowIfInvalid();
        return ApiResults.Ok(await queries.GetPortfolioAsync(filter, pageSize, token, req.HttpContext.RequestAborted).ConfigureAwait(false), ApiJsonContext.Default.PortfolioPage);
    }

    [Function("GetRules")]
    public IResult GetRules(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/rules")] HttpRequest req) =>
        ApiResults.Ok(queries.GetRules(), ApiJsonContext.Default.RuleCatalogResponse);

    [Function("GetOpenApiDocument")]
    public static IResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/openapi.json")] HttpRequest req) =>
        new ContentResult("application/json; charset=utf-8", OpenApiDocument.Utf8);
}

/// <summary>The committed docs/openapi.json, embedded in the assembly.</summary>
public static class OpenApiDocument
{
    private static readonly Lazy<byte[]> Content = new(() =>
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("VmmAssess.Functions.openapi.json")
                           ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static ReadOnlyMemory<byte> Utf8 => Content.Value;
}
