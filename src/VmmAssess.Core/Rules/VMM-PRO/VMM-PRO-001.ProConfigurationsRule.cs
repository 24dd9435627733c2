using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-PRO-001: PRO configurations are not kept by the upgrade from VMM 2012 R2.</summary>
internal sealed class ProConfigurationsRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-PRO-001",
        Title: "Performance and Resource Optimization (PRO) configurations",
        Category: RuleCategory.Common,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "PRO configurations are not maintained during the upgrade from VMM 2012 R2 to 2016, the first hop of every upgrade from 2012 R2.",
        Remediation: "Record the PRO configuration before upgrading and recreate the monitoring and remediation you need in Operations Manager after reconnecting it.",
        SourceKeys: ["PCU"])
    {
        DataPaths = ["$.vmm.product", "$.operationsManager.proEnabled", "$.operationsManager.proConfigurations"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        if (context.SourceProduct is not { } product)
        {
            return RuleOutcome.Unknown("The snapshot does not say which VMM version runs.");
        }

        if (product != VmmProduct.Vmm2012R2)
        {
            return RuleOutcome.NotApplicable("Applies to upgrades from VMM 2012 R2.");
        }

        var om = context.Snapshot.OperationsManager;
        if (om is null || (om.ProEnabled is null && om.ProConfigurations is null))
        {
            return RuleOutcome.Unknown("The snapshot does not say whether PRO is configured.");
        }

        var configured = om.ProEnabled == true || om.ProConfigurations > 0;
        return configured
            ? RuleOutcome.Fail(context.Target == TargetVersion.Vmm2016
                    ? "PRO is configured; its configurations are lost in the upgrade."
                    : "PRO is configured; its configurations are lost in the first hop (VMM 2012 R2 to 2016).",
                new Evidence(om.Server ?? "Operations Manager", "proConfigurations", (om.ProConfigurations ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), "0"))
            : RuleOutcome.Pass("No PRO configuration would be lost.");
    }
}
