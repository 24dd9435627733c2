using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace VmmAssess.Functions.Api;

/// <summary>JSON responses written with source-generated metadata (no reflection, no DI lookups).</summary>
public static class ApiResults
{
    public static JsonResult<T> Ok<T>(T value, JsonTypeInfo<T> typeInfo) => new(200, value, typeInfo, null);

    public static JsonResult<T> Accepted<T>(string location, T value, JsonTypeInfo<T> typeInfo) => new(202, value, typeInfo, location);

    public static JsonResult<T> Created<T>(string location, T value, JsonTypeInfo<T> typeInfo) => new(201, value, typeInfo, location);

    public static IResult NoContent() => new NoContentResult();
}

/// <summary>204, nothing else.</summary>
public sealed class NoContentResult : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => 204;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = 204;
        return Task.CompletedTask;
    }
}

public sealed class JsonResult<T>(int status, T value, JsonTypeInfo<T> typeInfo, string? location) : IResult, IStatusCodeHttpResult
{
    public int Status { get; } = status;

    int? IStatusCodeHttpResult.StatusCode => Status;

    public T Value { get; } = value;

    public string? Location { get; } = location;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = Status;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        if (Location is not null)
        {
            httpContext.Response.Headers.Location = Location;
        }

        await JsonSerializer.SerializeAsync(httpContext.Response.Body, Value, typeInfo, httpContext.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>A fixed UTF-8 document (the OpenAPI description).</summary>
public sealed class ContentResult(string contentType, ReadOnlyMemory<byte> content) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = 200;
        httpContext.Response.ContentType = contentType;
        httpContext.Response.ContentLength = content.Length;
        await httpContext.Response.Body.WriteAsync(content, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
