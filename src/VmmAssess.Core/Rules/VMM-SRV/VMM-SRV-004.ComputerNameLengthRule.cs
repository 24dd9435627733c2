namespace VmmAssess.Core.Rules;

/// <summary>VMM-SRV-004: management server computer names (and HA node names) may not exceed 15 characters.</summary>
internal sealed class ComputerNameLengthRule : Rule
{
    private const int MaxLength = 15;

    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-SRV-004",
        Title: "Management server computer name length",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "The VMM management server's computer name, and the node names of a highly available VMM cluster, must not exceed 15 characters.",
        Remediation: "Install the target version on a server whose NetBIOS computer name has at most 15 characters.",
        SourceKeys: ["SR16", "SR19", "SR22", "SR25", "HA"])
    {
        DataPaths = ["$.managementServers[*].name"],
    };

    public override RuleOutcome Evaluate(RuleContext context) =>
        ItemChecks.Check(
            context.Snapshot.ManagementServers,
            "management servers",
            _ => true,
            server =>
            {
                if (string.IsNullOrWhiteSpace(server.Name))
                {
                    return new ItemChecks.Verdict(null, new Evidence(server.Name ?? "", "name", null, $"at most {MaxLength}"));
                }

                // A fully qualified name is judged by its host part, which is what becomes the NetBIOS name.
                var hostName = server.Name.Split('.')[0];
                return new ItemChecks.Verdict(hostName.Length <= MaxLength, new Evidence(server.Name, "name", $"{hostName.Length} characters", $"at most {MaxLength}"));
            },
            "The snapshot lists no management server.",
            "Every management server name has at most 15 characters.",
            count => $"{ItemChecks.Plural(count, "management server name is", "management server names are")} longer than 15 characters.");
}
