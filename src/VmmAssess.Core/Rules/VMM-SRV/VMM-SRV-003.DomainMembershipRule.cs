namespace VmmAssess.Core.Rules;

/// <summary>VMM-SRV-003: every management server must be a domain member.</summary>
internal sealed class DomainMembershipRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-SRV-003",
        Title: "Management server domain membership",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "The VMM management server must be a member of an Active Directory domain.",
        Remediation: "Join the management server to the domain before running setup.",
        SourceKeys: ["SR16", "SR19", "SR22", "SR25", "PI"])
    {
        DataPaths = ["$.managementServers[*].domainJoined"],
    };

    public override RuleOutcome Evaluate(RuleContext context) =>
        ItemChecks.Check(
            context.Snapshot.ManagementServers,
            "management servers",
            _ => true,
            server => new ItemChecks.Verdict(server.DomainJoined, new Evidence(server.Name, "domainJoined", server.DomainJoined?.ToString().ToLowerInvariant(), "true")),
            "The snapshot lists no management server.",
            "Every management server is a domain member.",
            count => $"{ItemChecks.Plural(count, "management server is", "management servers are")} not joined to a domain.");
}
