using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

[Collection(BackendGroup.Name)]
public sealed class OpenApiTests(BackendFixture backend)
{
    private static JsonElement Document() => JsonDocument.Parse(File.ReadAllText(RepoPaths.File("docs", "openapi.json"))).RootElement;

    [Fact]
    public void Every_http_function_route_and_method_is_documented()
    {
        var paths = Document().GetProperty("paths");
        var functions = FunctionMetadataTests.HttpFunctions().ToArray();
        Assert.Equal(33, functions.Length);
        foreach (var (name, trigger) in functions)
        {
            var path = "/" + trigger.Route!.Replace("{*", "{", StringComparison.Ordinal); // a catch-all is a plain path parameter in OpenAPI
            Assert.True(paths.TryGetProperty(path, out var item), $"{name}: {path} is not in docs/openapi.json");
            foreach (var method in trigger.Methods!)
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{name}: {method} {path} is not in docs/openapi.json");
                Assert.Equal(name, operation.GetProperty("operationId").GetString());
            }
        }

        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => (p.Name, m.Name))).Count();
        Assert.Equal(functions.Sum(f => f.Trigger.Methods!.Length), documented);
    }

    [Fact]
    public async Task The_served_document_is_the_committed_one()
    {
        await using var app = await TestApp.StartAsync(backend);

        var response = await app.CallAsync(TestApp.Request("GET", "/api/openapi.json"), r => app.CatalogApi.GetOpenApiDocumentAsync(r));

        Assert.Equal(200, response.Status);
        Assert.Equal(File.ReadAllBytes(RepoPaths.File("docs", "openapi.json")), response.Body);
        Assert.StartsWith("3.", Document().GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_local_reference_resolves()
    {
        var document = Document();
        var text = document.GetRawText();
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, "\"#/components/schemas/([A-Za-z]+)\""))
        {
            Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty(match.Groups[1].Value, out _), match.Value);
        }
    }
}

public sealed class ProblemDetailsTests
{
    [Fact]
    public async Task Unexpected_exception_becomes_a_500_problem_without_internals()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await ProblemDetailsMiddleware.HandleAsync(context, () => throw new InvalidOperationException("secret connection string AccountKey=abc"), NullLogger.Instance);

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal(ApiProblems.ContentType, context.Response.ContentType);
        var body = System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.Equal(ProblemTypes.Internal, JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Storage_failure_becomes_503()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await ProblemDetailsMiddleware.HandleAsync(context, () => throw new Azure.RequestFailedException(500, "boom"), NullLogger.Instance);

        Assert.Equal(503, context.Response.StatusCode);
    }
}
