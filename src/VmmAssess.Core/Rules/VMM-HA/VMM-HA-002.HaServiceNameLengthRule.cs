namespace VmmAssess.Core.Rules;

/// <summary>VMM-HA-002: the highly available VMM service network name may not exceed 15 characters.</summary>
internal sealed class HaServiceNameLengthRule : Rule
{
    private const int MaxLength = 15;

    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-HA-002",
        Title: "Highly available VMM service network name length",
        Category: RuleCategory.HighAvailability,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Plan a highly available VMM deployment: \"The VMM service network name must not exceed 15 characters.\" (VMM-SRV-004 judges the node names.) Read from vmm.haServiceName, the cluster role's network name.",
        Remediation: "Use a network name of at most 15 characters for the highly available VMM role when running setup on the first node.",
        SourceKeys: ["PHA", "HA"])
    {
        DataPaths = ["$.vmm.highlyAvailable", "$.vmm.haServiceName"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        if (HaGate.NotHighlyAvailable(context) is { } gate)
        {
            return gate;
        }

        if (context.Vmm?.HaServiceName is not { Length: > 0 } name || string.IsNullOrWhiteSpace(name))
        {
            return RuleOutcome.Unknown("The snapshot does not name the highly available VMM role's network name.");
        }

        var host = name.Trim().Split('.')[0];
        return host.Length <= MaxLength
            ? RuleOutcome.Pass($"The VMM service network name {host} has at most 15 characters.")
            : RuleOutcome.Fail($"The VMM service network name {host} has {host.Length} characters; at most 15 are allowed.",
                new Evidence(name, "haServiceName", $"{host.Length} characters", $"at most {MaxLength}"));
    }
}
