
namespace VmmAssess.Functions.Api;

/// <summary>
/// Every HTTP route of the app, in one place (the OpenAPI test checks docs/openapi.json against the functions' routes).
/// Routes carry <c>api/</c> themselves because host.json sets an empty <c>routePrefix</c>: the host reserves routes
/// that start with <c>admin</c>, and the operator routes are <c>/api/admin/*</c>.
/// </summary>
public static class Routes
{
    public const string TenantSnapshots = "api/tenants/{tenantId}/snapshots";
    public const string Assessment = "api/tenants/{tenantId}/assessments/{snapshotId}";
    public const string AssessmentRerun = "api/tenants/{tenantId}/assessments/{snapshotId}/rerun";
    public const string EnvironmentReadiness = "api/tenants/{tenantId}/environments/{environmentId}/readiness";
    public const string EnvironmentHistory = "api/tenants/{tenantId}/environments/{environmentId}/assessments";
    public const string TenantReadiness = "api/tenants/{tenantId}/readiness";
    public const string Portfolio = "api/readiness";
    public const string TenantWaivers = "api/tenants/{tenantId}/waivers";
    public const string TenantWaiver = "api/tenants/{tenantId}/waivers/{waiverId}";
    public const string Rules = "api/rules";
    public const string OpenApi = "api/openapi.json";
    public const string AdminReassess = "api/admin/reassess";
    public const string AdminDeadLetters = "api/admin/deadletter";
    public const string AdminDeadLetterReplay = "api/admin/deadletter/replay";
    public const string AdminCollectorKeys = "api/admin/tenants/{tenantId}/collector-keys";
    public const string AdminCollectorKey = "api/admin/tenants/{tenantId}/collector-keys/{keyId}";
    public const string AdminGrant = "api/admin/grants/{principalId}/tenants/{tenantId}";
    public const string AdminGrants = "api/admin/grants";
    public const string AdminAudit = "api/admin/audit";
    public const string AdminTenantSnapshot = "api/admin/tenants/{tenantId}/snapshots/{snapshotId}";
    public const string AdminTenantEnvironment = "api/admin/tenants/{tenantId}/environments/{environmentId}";
    public const string AdminTenant = "api/admin/tenants/{tenantId}";
    public const string AdminTenantDeletion = "api/admin/tenants/{tenantId}/deletion";
    public const string AdminSubscriptions = "api/admin/subscriptions";
    public const string AdminSubscription = "api/admin/subscriptions/{subscriptionId}";
    public const string AdminSubscriptionPing = "api/admin/subscriptions/{subscriptionId}/ping";

    /// <summary>Where an operator reads a subscription (the 201's <c>Location</c>).</summary>
    public static string SubscriptionUrl(string subscriptionId) => $"/api/admin/subscriptions/{subscriptionId}";

    /// <summary>The dashboard's static files (the one route outside <c>api/</c>: pages, not API; they carry no data).</summary>
    public const string Dashboard = "dashboard/{*path}";

    /// <summary>Where an operator polls a tenant deletion (the 202's <c>Location</c>).</summary>
    public static string TenantDeletionUrl(TenantId tenant) => $"/api/admin/tenants/{tenant.Value}/deletion";

    /// <summary>Where a waiver is read (the 201's <c>Location</c>).</summary>
    public static string WaiverUrl(string tenantId, string waiverId) => $"/api/tenants/{tenantId}/waivers/{waiverId}";

    /// <summary>Where a client polls an assessment (the webhook's <c>Location</c>).</summary>
    public static string AssessmentUrl(TenantId tenant, Guid snapshotId) => $"/api/tenants/{tenant.Value}/assessments/{snapshotId:D}";
}
