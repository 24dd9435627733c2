using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application.Queries;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>What the API is: the rule catalog it assesses with and its OpenAPI description.</summary>
public sealed class CatalogFunctions(HttpEndpoint http, GetRuleCatalog rules)
{
    [Function("GetRules")]
    public Task<IResult> GetRulesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Rules)] HttpRequest req) =>
        http.OkAsync(req, Domain.Access.Authenticated, _ => rules.Catalog, (catalog, _) => Task.FromResult(RuleCatalogResponse.From(catalog)), ApiJsonContext.Default.RuleCatalogResponse);

    [Function("GetOpenApiDocument")]
    public Task<IResult> GetOpenApiDocumentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenApi)] HttpRequest req) =>
        http.ResultAsync(req, Domain.Access.Authenticated, () => new ContentResult("application/json; charset=utf-8", OpenApiDocument.Utf8));
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
