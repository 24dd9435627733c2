using VmmAssess.Core.Snapshots;

namespace VmmAssess.Functions.Http;

/// <summary>
/// A request that cannot be served, with the RFC 9457 problem it becomes. Services throw it; <see cref="ApiProblems"/>
/// turns it (and every other exception) into <c>application/problem+json</c> in one place.
/// </summary>
public sealed class ProblemException : Exception
{
    public ProblemException(int status, string type, string title, string detail, IReadOnlyList<ValidationError>? errors = null)
        : base(detail)
    {
        Status = status;
        Type = type;
        Title = title;
        Errors = errors;
    }

    public int Status { get; }

    public string Type { get; }

    public string Title { get; }

    public IReadOnlyList<ValidationError>? Errors { get; }

    public static ProblemException InvalidKeys(IReadOnlyList<ValidationError> errors) =>
        new(400, ProblemTypes.InvalidRequest, "The request is not valid.", "One or more request parameters are not valid.", errors);

    public static ProblemException InvalidSnapshot(IReadOnlyList<ValidationError> errors) =>
        new(400, ProblemTypes.InvalidSnapshot, "The snapshot is not valid.", $"The snapshot has {errors.Count} error(s); each names its JSONPath.", errors);

    public static ProblemException NotFound(string detail) => new(404, ProblemTypes.NotFound, "Not found.", detail);

    public static ProblemException Conflict(string detail) => new(409, ProblemTypes.Conflict, "Conflict.", detail);

    public static ProblemException IdempotencyKeyReused(string detail) =>
        new(422, ProblemTypes.IdempotencyKeyReused, "The idempotency key was used for a different request.", detail);

    public static ProblemException TooLarge(long maxBytes) =>
        new(413, ProblemTypes.TooLarge, "The snapshot is too large.", $"The snapshot exceeds {maxBytes} bytes (after decompression).");

    public static ProblemException UnsupportedMediaType(string detail) => new(415, ProblemTypes.UnsupportedMediaType, "Unsupported media type.", detail);
}

/// <summary>Problem type URIs (RFC 9457 <c>type</c>); documented in docs/api.md.</summary>
public static class ProblemTypes
{
    public const string InvalidRequest = "urn:vmmassess:problem:invalid-request";
    public const string InvalidSnapshot = "urn:vmmassess:problem:invalid-snapshot";
    public const string NotFound = "urn:vmmassess:problem:not-found";
    public const string Conflict = "urn:vmmassess:problem:conflict";
    public const string IdempotencyKeyReused = "urn:vmmassess:problem:idempotency-key-reused";
    public const string TooLarge = "urn:vmmassess:problem:too-large";
    public const string UnsupportedMediaType = "urn:vmmassess:problem:unsupported-media-type";
    public const string Unavailable = "urn:vmmassess:problem:unavailable";
    public const string Internal = "urn:vmmassess:problem:internal";
}
