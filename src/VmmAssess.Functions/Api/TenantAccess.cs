using Microsoft.AspNetCore.Http;

namespace VmmAssess.Functions.Api;

/// <summary>
/// The one place that decides whether a request may act on a tenant's data. Today every caller holds a function
/// key (the MSP's portal), so any tenant is allowed; tenant-scoped callers (e.g. an Entra ID claim naming the tenant)
/// plug in here. Every tenant-scoped function binds its tenant through <see cref="RequestBinder.Tenant"/>, which calls
/// this, and the storage layer reads a single tenant's partition per request, so one tenant's ids cannot reach
/// another's data.
/// </summary>
public sealed class TenantAccess
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Instance member on purpose: this is the injected extension point where caller claims will be checked.")]
    public TenantId Authorize(HttpRequest request, TenantId tenant)
    {
        ArgumentNullException.ThrowIfNull(request);
        return tenant;
    }
}
