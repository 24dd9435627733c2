using Azure;
using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Security;
using VmmAssess.Functions.Application;
using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Api;

/// <summary>The one place where exceptions become RFC 9457 problem details. Never writes a stack trace or an
/// exception message that did not come from a use case's refusal.</summary>
public static partial class ApiProblems
{
    public const string ContentType = "application/problem+json";

    public static ProblemResult FromException(Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(logger);
        var inner = Unwrap(exception);
        switch (inner)
        {
            case AuthenticationRequiredException unauthenticated:
                return new ProblemResult(401, ProblemTypes.Unauthorized, "Authentication is required.", unauthenticated.Message, null, unauthenticated.Challenge);
            case AccessDeniedException denied:
                return new ProblemResult(403, ProblemTypes.Forbidden, "Forbidden.", denied.Message, null);
            case InvalidRequestException invalid:
                return new ProblemResult(400, ProblemTypes.InvalidRequest, "The request is not valid.", invalid.Message, invalid.Errors);
            case InvalidSnapshotException snapshot:
                return new ProblemResult(400, ProblemTypes.InvalidSnapshot, "The snapshot is not valid.", snapshot.Message, snapshot.Errors);
            case NotFoundException notFound:
                return new ProblemResult(404, ProblemTypes.NotFound, "Not found.", notFound.Message, null);
            case ConflictException conflict:
                return new ProblemResult(409, ProblemTypes.Conflict, "Conflict.", conflict.Message, null);
            case IdempotencyKeyReusedException reused:
                return new ProblemResult(422, ProblemTypes.IdempotencyKeyReused, "The idempotency key was used for a different request.", reused.Message, null);
            case SnapshotTooLargeException tooLarge:
                return new ProblemResult(413, ProblemTypes.TooLarge, "The snapshot is too large.", tooLarge.Message, null);
            case UnsupportedMediaTypeException unsupported:
                return new ProblemResult(415, ProblemTypes.UnsupportedMediaType, "Unsupported media type.", unsupported.Message, null);
            case TooManyRequestsException limited:
                return new ProblemResult(429, ProblemTypes.TooManyRequests, "Too many requests.", limited.Message, null) { RetryAfterSeconds = limited.RetryAfterSeconds };
            case RequestFailedException { Status: 400 or 413 } refused:
                // The service refused a value the request carried (out of its range, too large): retrying cannot help.
                LogRefused(logger, refused.ErrorCode, refused);
                return new ProblemResult(400, ProblemTypes.InvalidSnapshot, "The request is not valid.", "Table Storage refused a value of this request; correct the input.", null);
            case var transient when IsTransient(transient):
                LogUnavailable(logger, inner.GetType().Name, inner);
                return new ProblemResult(503, ProblemTypes.Unavailable, "A backing service is unavailable.", "Try again later.", null) { RetryAfterSeconds = UnavailableRetryAfterSeconds };
            case OperationCanceledException:
                return new ProblemResult(499, ProblemTypes.Unavailable, "The request was cancelled.", "The request was cancelled.", null);
            default:
                LogUnhandled(logger, inner.GetType().Name, inner);
                return new ProblemResult(500, ProblemTypes.Internal, "An unexpected error occurred.", "The error was logged.", null);
        }
    }

    /// <summary>The status an exception is answered with (for the audit log).</summary>
    public static int StatusOf(Exception exception) => FromException(exception, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).Status;
    /// <summary>Seconds a client is asked to wait after a 503 (the SDKs have already retried for about this long).</summary>
    public const int UnavailableRetryAfterSeconds = 30;

    /// <summary>An outage after the SDK's retries: a storage or Service Bus failure, a timeout, a lost race, or the
    /// AggregateException of all retry attempts of one of those.</summary>
    private static bool IsTransient(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        RequestFailedException { Status: not (400 or 413) } => true,
        Azure.Messaging.ServiceBus.ServiceBusException or TimeoutException or ConcurrencyException or System.Net.Http.HttpRequestException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    private static Exception Unwrap(Exception exception)
    {
        var current = exception;
        while (current is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && current.InnerException is not null)
        {
            current = current.InnerException!;
        }

        return current;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Request failed: backing service unavailable ({ExceptionType})")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Request refused by Table Storage ({ErrorCode})")]
    private static partial void LogRefused(ILogger logger, string? errorCode, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Request failed with an unexpected {ExceptionType}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, Exception exception);
}

/// <summary>An <c>application/problem+json</c> response.</summary>
public sealed class ProblemResult(int status, string type, string title, string detail, IReadOnlyList<ValidationError>? errors, string? challenge = null) : IResult
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public IReadOnlyList<ValidationError>? Errors { get; } = errors;

    /// <summary>Written as <c>Retry-After</c> (429, 503).</summary>
    public int? RetryAfterSeconds { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = Status;
        if (RetryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.ContentType = ApiProblems.ContentType;
        httpContext.Response.Headers.CacheControl = "no-store";
        if (challenge is not null)
        {
            httpContext.Response.Headers.WWWAuthenticate = challenge;
        }
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", Type);
            writer.WriteString("title", title);
            writer.WriteNumber("status", Status);
            writer.WriteString("detail", detail);
            writer.WriteString("instance", httpContext.Request.Path.Value);
            if (Errors is { Count: > 0 })
            {
                writer.WriteStartArray("errors");
                foreach (var error in Errors)
                {
                    writer.WriteStartObject();
                    writer.WriteString("path", error.Path);
                    writer.WriteString("message", error.Message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteString("traceId", httpContext.TraceIdentifier);
            writer.WriteEndObject();
        }

        httpContext.Response.ContentLength = buffer.Length;
        await httpContext.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), httpContext.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>Problem type URIs (RFC 9457 <c>type</c>); documented in docs/api.md.</summary>
public static class ProblemTypes
{
    public const string Unauthorized = "urn:vmmassess:problem:unauthorized";
    public const string Forbidden = "urn:vmmassess:problem:forbidden";
    public const string InvalidRequest = "urn:vmmassess:problem:invalid-request";
    public const string InvalidSnapshot = "urn:vmmassess:problem:invalid-snapshot";
    public const string NotFound = "urn:vmmassess:problem:not-found";
    public const string Conflict = "urn:vmmassess:problem:conflict";
    public const string IdempotencyKeyReused = "urn:vmmassess:problem:idempotency-key-reused";
    public const string TooLarge = "urn:vmmassess:problem:too-large";
    public const string UnsupportedMediaType = "urn:vmmassess:problem:unsupported-media-type";
    public const string Unavailable = "urn:vmmassess:problem:unavailable";
    public const string TooManyRequests = "urn:vmmassess:problem:too-many-requests";
    public const string Internal = "urn:vmmassess:problem:internal";
}

/// <summary>The request's encoding or media type is one the API does not take (the edge decides; 415).</summary>
public sealed class UnsupportedMediaTypeException(string message) : Exception(message);

/// <summary>The caller exceeded its request rate (429 with <c>Retry-After</c>).</summary>
public sealed class TooManyRequestsException(string message, int retryAfterSeconds) : Exception(message)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
