namespace VmmAssess.Core.Rules;

/// <summary>VMM-OPS-002: no restart may be pending on the management server.</summary>
internal sealed class PendingRebootRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-OPS-002",
        Title: "Pending restart",
        Category: RuleCategory.Operations,
        Severity: Severity.Action,
        Targets: AllTargets,
        Description: "The management server must not have a pending restart when the upgrade starts.",
        Remediation: "Restart the management server (or each node in turn) before running setup.",
        SourceKeys: ["U16", "U19", "U22", "U25"])
    {
        DataPaths = ["$.vmm.pendingReboot"],
    };

    public override RuleOutcome Evaluate(RuleContext context) => context.Vmm?.PendingReboot switch
    {
        null => RuleOutcome.Unknown("The snapshot does not say whether a restart is pending."),
        false => RuleOutcome.Pass("No restart is pending."),
        true => RuleOutcome.Fail("A restart is pending on the management server.", new Evidence("VMM", "pendingReboot", "true", "false")),
    };
}
