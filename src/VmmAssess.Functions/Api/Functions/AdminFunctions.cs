using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application;
using VmmAssess.Functions.Application.Administration;
using VmmAssess.Functions.Infrastructure.Payloads;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>Operator endpoints (<c>/api/admin/*</c>, operators only): re-assess with the current rules, inspect and replay dead letters.</summary>
public sealed class AdminFunctions(HttpEndpoint http, ReassessEnvironments reassess, ListDeadLetters listDeadLetters, ReplayDeadLetters replayDeadLetters)
{
    private const int DefaultMax = 20;
    private const int MaxRequestBodyBytes = 64 * 1024;

    [Function("AdminReassess")]
    public async Task<IResult> ReassessAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AdminReassess)] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var request = await ReadOptionalJsonAsync(req).ConfigureAwait(false);
        return await http.AcceptedAsync(
            req,
            Domain.Access.Operate,
            b => b.OptionalTenant("tenantId", request?.TenantId),
            async (tenant, ct) => new ReassessResponse(await reassess.ExecuteAsync(tenant, ct).ConfigureAwait(false)),
            _ => "/" + Routes.Portfolio,
            ApiJsonContext.Default.ReassessResponse).ConfigureAwait(false);
    }

    [Function("AdminListDeadLetters")]
    public Task<IResult> ListDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AdminDeadLetters)] HttpRequest req) =>
        http.OkAsync(
            req,
            Domain.Access.Operate,
            b => b.WholeNumber("max", DefaultMax, 1, ListDeadLetters.MaxMessages),
            async (max, ct) => new DeadLetterListResponse(listDeadLetters.QueueName, (await listDeadLetters.ExecuteAsync(max, ct).ConfigureAwait(false)).Select(DeadLetterMessageResponse.From).ToArray()),
            ApiJsonContext.Default.DeadLetterListResponse);

    [Function("AdminReplayDeadLetters")]
    public Task<IResult> ReplayDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AdminDeadLetterReplay)] HttpRequest req) =>
        http.OkAsync(
            req,
            Domain.Access.Operate,
            b => (Max: b.WholeNumber("max", DefaultMax, 1, ListDeadLetters.MaxMessages), Only: b.Integers("sequenceNumber")),
            async (a, ct) => new ReplayResponse((await replayDeadLetters.ExecuteAsync(a.Max, a.Only, ct).ConfigureAwait(false)).Select(ReplayedMessageResponse.From).ToArray()),
            ApiJsonContext.Default.ReplayResponse);

    private static async Task<ReassessRequest?> ReadOptionalJsonAsync(HttpRequest req)
    {
        byte[] body;
        try
        {
            body = await Payload.ReadLimitedAsync(req.Body, MaxRequestBodyBytes, req.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (PayloadTooLargeException)
        {
            throw new SnapshotTooLargeException(MaxRequestBodyBytes);
        }

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
            throw new InvalidRequestException([new ValidationError(ex.Path ?? "$", "is not valid JSON for {\"tenantId\": \"...\"}")]);
        }
    }
}
