using Microsoft.AspNetCore.Http;
using VmmAssess.Functions.Api.Contracts;
using VmmAssess.Functions.Application.Administration;
using VmmAssess.Functions.Application.Queries;

namespace VmmAssess.Functions.Api.Functions;

/// <summary>One snapshot's assessment: read it (poll after the webhook), or assess it again with the current rules.</summary>
public sealed class AssessmentFunctions(HttpEndpoint http, GetAssessment getAssessment, RerunAssessment rerun, RequestRateLimits limits, TimeProvider time)
{
    [Function("GetAssessment")]
    public Task<IResult> GetAssessmentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Assessment)] HttpRequest req,
        string tenantId,
        string snapshotId) =>
        http.OkAsync(
            req,
            Domain.Access.PollAssessment,
            b => (Tenant: b.Tenant(tenantId), Snapshot: b.SnapshotId(snapshotId)),
            async (a, ct) => AssessmentResponse.From(await getAssessment.ExecuteAsync(a.Tenant, a.Snapshot, ct).ConfigureAwait(false), time.GetUtcNow()),
            ApiJsonContext.Default.AssessmentResponse);

    [Function("RerunAssessment")]
    public Task<IResult> RerunAssessmentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AssessmentRerun)] HttpRequest req,
        string tenantId,
        string snapshotId)
    {
        ArgumentNullException.ThrowIfNull(req);
        limits.Rerun(req);
        return http.AcceptedAsync(
            req,
            Domain.Access.Operate,
            b => (Tenant: b.Tenant(tenantId), Snapshot: b.SnapshotId(snapshotId)),
            async (a, ct) => SnapshotAcceptedResponse.From(await rerun.ExecuteAsync(a.Tenant, a.Snapshot, ct).ConfigureAwait(false)),
            accepted => accepted.StatusUrl,
            ApiJsonContext.Default.SnapshotAcceptedResponse);
    }
}
