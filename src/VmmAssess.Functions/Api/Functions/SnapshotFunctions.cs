using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application.Intake;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>The snapshot webhook: collectors POST a snapshot (JSON, optionally gzip) for one tenant (collector key of
/// that tenant, an Entra snapshot submitter granted it, or an operator).</summary>
public sealed class SnapshotFunctions(HttpEndpoint http, SubmitSnapshot submit, RequestRateLimits limits)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Function("SubmitSnapshot")]
    public Task<IResult> SubmitSnapshotAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TenantSnapshots)] HttpRequest req,
        string tenantId)
    {
        ArgumentNullException.ThrowIfNull(req);
        limits.Submission(req);
        RequireJson(req);
        return http.AcceptedAsync(
            req,
            Domain.Access.SubmitSnapshot,
            b => new SnapshotUpload(b.Tenant(tenantId), b.Request.Body, Encoding(b.Request), b.Request.ContentLength, b.IdempotencyKey(IdempotencyKeyHeader), b.Caller.Collector?.EnvironmentIds is { Count: > 0 } only ? only : null),
            async (upload, ct) => SnapshotAcceptedResponse.From(await submit.ExecuteAsync(upload, ct).ConfigureAwait(false)),
            accepted => accepted.StatusUrl,
            ApiJsonContext.Default.SnapshotAcceptedResponse);
    }

    /// <summary>A snapshot is JSON: another media type (text/plain, a form post) is a client error, not something to guess at.</summary>
    private static void RequireJson(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (contentType is null || !System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
            || (media.CharSet is { Length: > 0 } charset && !charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            throw new UnsupportedMediaTypeException($"Content-Type '{contentType}' is not supported; send application/json (UTF-8), optionally with Content-Encoding: gzip.");
        }
    }

    private static PayloadEncoding Encoding(HttpRequest request)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return PayloadEncoding.Identity;
        }

        return encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase)
            ? PayloadEncoding.Gzip
            : throw new UnsupportedMediaTypeException($"Content-Encoding '{encoding}' is not supported; send identity or gzip.");
    }
}
