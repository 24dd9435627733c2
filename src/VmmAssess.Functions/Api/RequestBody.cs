using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Infrastructure.Payloads;

namespace VmmAssess.Functions.Api;

/// <summary>
/// A JSON request body read up to a size bound before the request is authenticated, and parsed only in the binding
/// step (<see cref="RequestBinder.Json{T}"/>), so an unauthenticated caller gets 401 whatever it sent, and a malformed
/// or oversized body is one more 400 error alongside the others.
/// </summary>
public sealed record RequestBody(byte[] Bytes, ValidationError? Error)
{
    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return new RequestBody(await Payload.ReadLimitedAsync(request.Body, maxBytes, request.HttpContext.RequestAborted).ConfigureAwait(false), null);
        }
        catch (PayloadTooLargeException)
        {
            return new RequestBody([], new ValidationError("$", $"the request body exceeds {maxBytes} bytes"));
        }
    }
}
