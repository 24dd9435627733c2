
namespace VmmAssess.Functions.Application;

/// <summary>
/// Why a use case refused a request. Use cases throw these plain exceptions; the API edge maps each kind to its HTTP
/// answer in one place (<c>Api/ApiProblems.cs</c>), so nothing below the edge knows a status code.
/// </summary>
public abstract class UseCaseException(string message) : Exception(message);

/// <summary>What the request names (ids, parameters) is malformed; every error names its parameter.</summary>
public sealed class InvalidRequestException(IReadOnlyList<ValidationError> errors)
    : UseCaseException("One or more request parameters are not valid.")
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}

/// <summary>The snapshot document is invalid; every error names its JSONPath.</summary>
public sealed class InvalidSnapshotException(IReadOnlyList<ValidationError> errors)
    : UseCaseException($"The snapshot has {errors.Count} error(s); each names its JSONPath.")
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}

public sealed class NotFoundException(string message) : UseCaseException(message);

/// <summary>The request contradicts what is stored (a snapshot id reused with other content, a raw copy that is gone).</summary>
public sealed class ConflictException(string message) : UseCaseException(message);

public sealed class IdempotencyKeyReusedException(string message) : UseCaseException(message);

public sealed class SnapshotTooLargeException(long maxBytes)
    : UseCaseException($"The snapshot exceeds {maxBytes} bytes (after decompression).")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>The caller is known but may not do this (to this tenant). Says nothing about whether the target exists.</summary>
public sealed class AccessDeniedException(string message) : UseCaseException(message);
