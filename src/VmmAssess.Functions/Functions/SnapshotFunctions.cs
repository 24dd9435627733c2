using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using VmmAssess.Core.Snapshots;
using VmmAssess.Functions.Http;
using VmmAssess.Functions.Messaging;
using VmmAssess.Functions.Processing;
using VmmAssess.Functions.Storage;

namespace VmmAssess.Functions.Functions;

/// <summary>Write API: the snapshot webhook, rerun, and the admin operations (admin key).</summary>
public sealed class SnapshotFunctions(SnapshotIntake intake, AssessmentQueries queries, DeadLetterAdmin deadLetters, TenantAccess tenants)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Function("SubmitSnapshot")]
    public async Task<IResult> SubmitSnapshotAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/tenants/{tenantId}/snapshots")] HttpRequest req,
        string tenantId)
    {
        ArgumentNullException.ThrowIfNull(req);
        var keys = new RequestKeys();
        var tenant = tenants.Authorize(req, tenantId, keys);
        var idempotencyKey = keys.IdempotencyKey(req, IdempotencyKeyHeader);
        keys.ThrowIfInvalid();
        var accepted = await intake.AcceptAsync(
            tenant, req.Body, req.Headers.ContentEncoding.ToString(), req.ContentLength, idempotencyKey, req.HttpContext.RequestAborted).ConfigureAwait(false);
        return ApiResults.Accepted(accepted.StatusUrl, accepted, ApiJsonContext.Default.SnapshotAccepted);
    }

    [Function("RerunAssessment")]
    public async Task<IResult> RerunAssessmentAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/tenants/{tenantId}/assessments/{snapshotId}/rerun")] HttpRequest req,
        string tenantId,
        string snapshotId)
    {
        ArgumentNullException.ThrowIfNull(req);
        var keys = new RequestKeys();
        var tenant = tenants.Authorize(req, tenantId, keys);
        var id = keys.SnapshotId("snapshotId", snapshotId);
        keys.ThrowIfInvalid();
        var accepted = await queries.RerunAsync(tenant, id, req.HttpContext.RequestAborted).ConfigureAwait(false);
        return ApiResults.Accepted(accepted.StatusUrl, accepted, ApiJsonContext.Default.SnapshotAccepted);
    }

    [Function("AdminReassess")]
    public async Task<IResult> ReassessAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/admin/reassess")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var request = await ReadOptionalJsonAsync(req).ConfigureAwait(false);
        var keys = new RequestKeys();
        var tenant = request?.TenantId is null ? null : tenants.Authorize(req, request.TenantId, keys);
        keys.ThrowIfInvalid();
        var response = await queries.ReassessAsync(tenant, req.HttpContext.RequestAborted).ConfigureAwait(false);
        return ApiResults.Accepted("/api/readiness", response, ApiJsonContext.Default.ReassessResponse);
    }

    [Function("AdminListDeadLetters")]
    public async Task<IResult> ListDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "api/admin/deadletter")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var max = MaxParameter(req);
        return ApiResults.Ok(await deadLetters.ListAsync(max, req.HttpContext.RequestAborted).ConfigureAwait(false), ApiJsonContext.Default.DeadLetterList);
    }

    [Function("AdminReplayDeadLetters")]
    public async Task<IResult> ReplayDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/admin/deadletter/replay")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var max = MaxParameter(req);
        HashSet<long>? only = null;
        var sequence = req.Query["sequenceNumber"];
        if (sequence.Count > 0)
        {
            only = [];
            foreach (var text in sequence)
            {
                if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    throw ProblemException.InvalidKeys([new ValidationError("sequenceNumber", "must be a non-negative integer")]);
                }

                only.Add(number);
            }
        }

        return ApiResults.Ok(await deadLetters.ReplayAsync(max, only, req.HttpContext.RequestAborted).ConfigureAwait(false), ApiJsonContext.Default.ReplayResponse);
    }

    private static int MaxParameter(HttpRequest req)
    {
        var text = req.Query["max"].ToString();
        if (text.Length == 0)
        {
            return 20;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max) && max is >= 1 and <= DeadLetterAdmin.MaxMessages
            ? max
            : throw ProblemException.InvalidKeys([new ValidationError("max", $"must be an integer from 1 to {DeadLetterAdmin.MaxMessages}")]);
    }

    private static async Task<ReassessRequest?> ReadOptionalJsonAsync(HttpRequest req)
    {
        var body = await Compression.ReadLimitedAsync(req.Body, 64 * 1024, req.HttpContext.RequestAborted).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, ApiJsonContext.Default.ReassessRequest);
        }
        catch (JsonException ex)
        {
            throw ProblemException.InvalidKeys([new ValidationError(ex.Path ?? "$", "is not valid JSON for {\"tenantId\": \"...\"}")]);
        }
    }
}
