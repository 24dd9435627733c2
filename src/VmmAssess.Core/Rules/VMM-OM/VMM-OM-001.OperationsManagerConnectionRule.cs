namespace VmmAssess.Core.Rules;

/// <summary>VMM-OM-001: the Operations Manager connection is removed during the upgrade; disconnect before and reconnect after.</summary>
internal sealed class OperationsManagerConnectionRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-OM-001",
        Title: "Operations Manager connection",
        Category: RuleCategory.Common,
        Severity: Severity.Action,
        Targets: AllTargets,
        Description: "Disconnect VMM from Operations Manager before upgrading; a connection that is not removed manually is removed automatically during the upgrade. Reconnect afterwards, minding two update-rollup caveats (in the checklist): VMM 2016: \"You shouldn't install any management pack on VMM 2016 RTM. Update Rollup 1 or later must be installed.\"; VMM 2022 UR1: \"If you have an active SCOM - VMM integration, follow the steps listed in KB article before you upgrade to VMM 2022 UR1\".",
        Remediation: "Remove the Operations Manager connection in the VMM console (Settings > System Center settings) before the upgrade; reconnect it afterwards; on VMM 2016 apply Update Rollup 1 or later before importing management packs, and before applying VMM 2022 UR1 follow its knowledge-base steps.",
        SourceKeys: ["PCU", "U16", "U19", "U22", "U25", "WN22"])
    {
        DataPaths = ["$.operationsManager.connected"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var om = context.Snapshot.OperationsManager;
        return om?.Connected switch
        {
            true => RuleOutcome.Fail("VMM is connected to Operations Manager: disconnect it before upgrading and reconnect afterwards.",
                new Evidence(om.Server ?? "Operations Manager", "connected", "true", "false before the upgrade")),
            false => RuleOutcome.Pass("VMM is not connected to Operations Manager."),
            null => RuleOutcome.Unknown("The snapshot does not say whether VMM is connected to Operations Manager."),
        };
    }
}
