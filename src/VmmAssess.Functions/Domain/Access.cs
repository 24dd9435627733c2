namespace VmmAssess.Functions.Domain;

/// <summary>The app roles of the API's Entra app registration (the access token's <c>roles</c> claim).</summary>
public enum Role
{
    /// <summary><c>VmmAssess.Operator</c>: everything.</summary>
    Operator,

    /// <summary><c>VmmAssess.Portfolio.Read</c>: read every tenant and the portfolio.</summary>
    PortfolioReader,

    /// <summary><c>VmmAssess.Tenant.Read</c>: read the tenants granted to the principal.</summary>
    TenantReader,

    /// <summary><c>VmmAssess.Snapshot.Submit</c>: submit snapshots for the tenants granted to the principal.</summary>
    SnapshotSubmitter,
}

public enum PrincipalKind { User, Application, CollectorKey }

/// <summary>Who is calling: an Entra principal with its roles, or a collector key bound to one tenant (and optionally
/// some of its environments).</summary>
public sealed record Caller(string PrincipalId, PrincipalKind Kind, IReadOnlySet<Role> Roles, CollectorKeyScope? Collector = null)
{
    public bool Has(Role role) => Roles.Contains(role);
}

/// <summary>What a collector key may do: submit for one tenant, only the listed environments when any are listed.</summary>
public sealed record CollectorKeyScope(string KeyId, TenantId TenantId, IReadOnlyList<EnvironmentId> EnvironmentIds)
{
    public bool Allows(EnvironmentId environment) => EnvironmentIds.Count == 0 || EnvironmentIds.Contains(environment);
}

/// <summary>What an operation needs of its caller (see docs/security.md, "Principals").</summary>
public enum Access
{
    /// <summary>Any authenticated person or portal (not a collector key): the rule catalog, the API description.</summary>
    Authenticated,

    /// <summary>Read one tenant's data.</summary>
    ReadTenant,

    /// <summary>Read one assessment of a tenant: its readers, and its collectors polling what they submitted.</summary>
    PollAssessment,

    /// <summary>Submit a snapshot for a tenant.</summary>
    SubmitSnapshot,

    /// <summary>The portfolio: every tenant for operators and portfolio readers, the granted ones for tenant readers.</summary>
    ReadPortfolio,

    /// <summary>Administration: operators only.</summary>
    Operate,
}

/// <summary>A collector key as stored (never the key itself).</summary>
public sealed record CollectorKeyRecord(
    string KeyId, TenantId TenantId, IReadOnlyList<EnvironmentId> EnvironmentIds, string? Description, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
{
    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}

/// <summary>One audited action: who, what, which tenant, when, and how it ended (HTTP status or outcome).</summary>
public sealed record AuditEntry(DateTimeOffset At, string PrincipalId, PrincipalKind PrincipalKind, string? KeyId, string Action, string? TenantId, string? Target, int Status);
