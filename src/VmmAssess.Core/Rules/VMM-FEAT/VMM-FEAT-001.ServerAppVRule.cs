using System.Globalization;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-FEAT-001: Server App-V was removed in System Center 2016.</summary>
internal sealed class ServerAppVRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-FEAT-001",
        Title: "Server App-V service templates",
        Category: RuleCategory.Common,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "Server App-V was removed in System Center 2016: service templates with App-V packages can no longer be created or imported; upgraded App-V-based services can still be managed but not upgraded.",
        Remediation: "Repackage the applications (e.g. as Web Deploy or SQL Server data-tier application packages, or scripts) and replace the App-V-based service templates.",
        SourceKeys: ["FRD"])
    {
        DataPaths = ["$.vmm.product", "$.vmm.features.serverAppVServiceTemplates"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        if (context.SourceProduct is not { } product)
        {
            return RuleOutcome.Unknown("The snapshot does not say which VMM version runs.");
        }

        if (product != VmmProduct.Vmm2012R2)
        {
            return RuleOutcome.NotApplicable("Server App-V was already removed in the source version.");
        }

        return context.Vmm?.Features?.ServerAppVServiceTemplates switch
        {
            null => RuleOutcome.Unknown("The snapshot does not count Server App-V service templates."),
            0 => RuleOutcome.Pass("No service template uses Server App-V."),
            var count => RuleOutcome.Fail($"{count} service template(s) use Server App-V, which the target no longer supports.",
                new Evidence("VMM", "features.serverAppVServiceTemplates", count.Value.ToString(CultureInfo.InvariantCulture), "0")),
        };
    }
}
