using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Application;
using VmmAssess.Functions.Infrastructure.Payloads;

namespace VmmAssess.Functions.Api;

/// <summary>
/// A small JSON request body, read (bounded) before the endpoint runs and parsed in its bind step, so an unauthenticated
/// caller gets 401 whatever it sent, and a malformed body is a 400 naming where it broke.
/// </summary>
public sealed class RequestBody
{
    private readonly byte[]? bytes;
    private readonly int maxBytes;

    private RequestBody(byte[]? bytes, int maxBytes)
    {
        this.bytes = bytes;
        this.maxBytes = maxBytes;
    }

    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return new RequestBody(await Payload.ReadLimitedAsync(request.Body, maxBytes, request.HttpContext.RequestAborted).ConfigureAwait(false), maxBytes);
        }
        catch (PayloadTooLargeException)
        {
            return new RequestBody(null, maxBytes);
        }
    }

    /// <summary>The body as <typeparamref name="T"/>, or null when it is empty; throws a 400 for a body too large or not valid JSON.</summary>
    public T? Parse<T>(JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (bytes is null)
        {
            throw new InvalidRequestException([new ValidationError("$", $"the request body exceeds {maxBytes} bytes")]);
        }

        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException([new ValidationError(ex.Path ?? "$", "is not valid JSON for this request")]);
        }
    }
}
