using Microsoft.AspNetCore.Http;

namespace VmmAssess.Functions.Http;

/// <summary>
/// The one place that decides whether a request may act on a tenant's data. Today every caller holds a function
/// key (the MSP's portal), so any valid tenant id is allowed; tenant-scoped callers (e.g. an Entra ID claim naming
/// the tenant) plug in here. Every tenant-scoped function resolves its tenant through this class, and the storage
/// layer reads a single tenant's partition per request, so one tenant's ids cannot reach another's data.
/// </summary>
public sealed class TenantAccess
{
    /// <summary>Validates the route's tenant id (400 before any storage call) and checks access to it.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Instance member on purpose: this is the injected extension point where caller claims will be checked.")]
    public string Authorize(HttpRequest request, string? tenantId, RequestKeys keys)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Key("tenantId", tenantId);
    }
}
