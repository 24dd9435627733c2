using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-HOST-001: Hyper-V hosts must run an OS the target can manage.</summary>
internal sealed class HyperVHostOsRule : Rule
{
    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-HOST-001",
        Title: "Hyper-V host operating system",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Each VMM version manages Hyper-V hosts and Scale-Out File Servers only on the Windows Server releases it lists (2016: WS2012 R2, WS2016; 2019: WS2012 R2 from UR2, WS2016, WS2019; 2022: WS2016–WS2022; 2025: WS2019–WS2025). The free Hyper-V Server edition is explicitly not supported from VMM 2019 on.",
        Remediation: "Upgrade the host operating system (cluster OS rolling upgrade for clusters) or remove the host from VMM before upgrading.",
        SourceKeys: ["SR16", "SR19", "SR22", "SR25"]);

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var supported = context.Support.HyperVHostOs;
        string? expected = null;
        return ItemChecks.Check(
            context.Snapshot.Hosts,
            "hosts",
            host => host.Platform == HostPlatform.HyperV,
            host => host.Os is null ? null
                : supported.IsUnsupportedEdition(host.Os.Caption) ? false
                : supported.Supports(context.Matrix.WindowsRelease(host.Os.Build), host.Os.InstallationType),
            host => new Evidence(host.Name, "os",
                supported.IsUnsupportedEdition(host.Os?.Caption) ? $"{host.Os!.Caption} ({host.Os.Build})" : RuleText.Os(context.Matrix, host.Os),
                expected ??= supported.Describe(context.Matrix) + (supported.UnsupportedCaptions is { Count: > 0 } ? "; not the free Hyper-V Server edition" : "")),
            "The snapshot lists no Hyper-V host.",
            $"Every Hyper-V host runs an operating system {context.TargetName} supports.",
            count => $"{ItemChecks.Plural(count, "Hyper-V host runs", "Hyper-V hosts run")} an operating system {context.TargetName} cannot manage.");
    }
}
