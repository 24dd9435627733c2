using VmmAssess.Functions.Infrastructure.Tables;

namespace VmmAssess.Functions.Application.Access;

/// <summary>
/// The principals table of docs/security.md, enforced: what each kind of caller may do to which tenant. Decided before
/// any tenant data is read, so a refusal never depends on (or reveals) whether the target exists.
/// </summary>
public sealed class AccessPolicy(AccessRows rows)
{
    public async Task AuthorizeAsync(Caller caller, Domain.Access access, TenantId? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!await AllowsAsync(caller, access, tenant, cancellationToken).ConfigureAwait(false))
        {
            throw new AccessDeniedException(tenant is { } t
                ? $"The caller may not {Describe(access)} tenant '{t}'."
                : $"The caller may not {Describe(access)}.");
        }
    }

    /// <summary>The tenants a portfolio read may show: null for all (operators, portfolio readers), else the granted ones.</summary>
    public async Task<IReadOnlySet<TenantId>?> PortfolioScopeAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Has(Role.Operator) || caller.Has(Role.PortfolioReader))
        {
            return null;
        }

        return (await rows.GetGrantsAsync(caller.PrincipalId, cancellationToken).ConfigureAwait(false)).ToHashSet();
    }

    private async Task<bool> AllowsAsync(Caller caller, Domain.Access access, TenantId? tenant, CancellationToken cancellationToken)
    {
        if (caller.Has(Role.Operator))
        {
            return true;
        }

        var collectorOfTenant = caller.Collector is { } scope && tenant is { } t && scope.TenantId == t;
        return access switch
        {
            Domain.Access.Authenticated => caller.Kind != PrincipalKind.CollectorKey,
            Domain.Access.ReadPortfolio => caller.Has(Role.PortfolioReader) || caller.Has(Role.TenantReader),
            Domain.Access.ReadTenant => caller.Has(Role.PortfolioReader) || (caller.Has(Role.TenantReader) && await GrantedAsync(caller, tenant, cancellationToken).ConfigureAwait(false)),
            Domain.Access.PollAssessment => collectorOfTenant || caller.Has(Role.PortfolioReader)
                                           || ((caller.Has(Role.TenantReader) || caller.Has(Role.SnapshotSubmitter)) && await GrantedAsync(caller, tenant, cancellationToken).ConfigureAwait(false)),
            Domain.Access.SubmitSnapshot => collectorOfTenant || (caller.Has(Role.SnapshotSubmitter) && await GrantedAsync(caller, tenant, cancellationToken).ConfigureAwait(false)),
            _ => false,
        };
    }

    private async Task<bool> GrantedAsync(Caller caller, TenantId? tenant, CancellationToken cancellationToken) =>
        tenant is { } t && caller.Kind != PrincipalKind.CollectorKey
        && (await rows.GetGrantsAsync(caller.PrincipalId, cancellationToken).ConfigureAwait(false)).Contains(t);

    private static string Describe(Domain.Access access) => access switch
    {
        Domain.Access.ReadTenant or Domain.Access.PollAssessment => "read",
        Domain.Access.SubmitSnapshot => "submit snapshots for",
        Domain.Access.ReadPortfolio => "read the portfolio",
        Domain.Access.Operate => "perform administrative operations",
        _ => "call this operation",
    };
}
