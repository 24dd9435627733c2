using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-HOST-001: Hyper-V hosts must run an OS the target can manage.</summary>
internal sealed class HyperVHostOsRule : Rule
{
    internal const string UpgradeRemediation = "Upgrade the host operating system (cluster OS rolling upgrade for clusters) to a release the target lists, or remove the host from VMM before upgrading.";
    internal const string TooNewRemediation = "The host runs a release newer than the target supports: choose a later target version, or remove the host from VMM management before upgrading. Do not downgrade it.";
    internal const string HyperVServerRemediation = "The free Hyper-V Server edition cannot be upgraded to Windows Server: reinstall the host with Windows Server (Standard or Datacenter) of a listed release, or remove it from VMM before upgrading.";

    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-HOST-001",
        Title: "Hyper-V host operating system",
        Category: RuleCategory.SystemRequirements,
        Severity: Severity.Blocker,
        Targets: AllTargets,
        Description: "Each VMM version manages Hyper-V hosts and Scale-Out File Servers only on the Windows Server releases it lists (2016: WS2012 R2, WS2016; 2019: WS2012 R2 from UR2, WS2016, WS2019, Azure Stack HCI 20H2 from UR3; 2022: WS2016–WS2022, \"Azure Stack Hyper Converged Infrastructure (HCI, version 22H2) (Supported from VMM 2022 UR1)\"; 2025: WS2019–WS2025 and \"Azure Local OS (version 2408.2 or later in the OS: 25398.xxxx series)\"). The free Hyper-V Server edition is explicitly not supported from VMM 2019 on (\"Hyper-V Server 2019 | N\"). Azure Stack HCI and Azure Local are recognised by the OS caption, because they share builds with Windows Server (HCI 21H2 is build 20348 like Windows Server 2022, and no current page lists it). The 2408.2 minimum of Azure Local cannot be read from the build series, so any 25398 Azure Local build is accepted; check the version by hand. The remediation depends on the host: an older release is upgraded, a release newer than the target (e.g. \"Windows Server 2022 | N\" for VMM 2019) calls for a later target or removing the host, and Hyper-V Server is reinstalled as Windows Server.",
        Remediation: UpgradeRemediation,
        SourceKeys: ["SR16", "SR19", "SR22", "SR25", "WN22"])
    {
        JudgedPerHop = true,
        DataPaths = ["$.hosts[?platform=HyperV].os.build", "$.hosts[?platform=HyperV].os.caption"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var supported = context.Support.HyperVHostOs;
        var matrix = context.Matrix;
        string? expected = null;
        bool tooNew = false, hyperVServer = false, older = false;
        var outcome = ItemChecks.Check(
            context.Snapshot.Hosts,
            "hosts",
            host => host.Platform == HostPlatform.HyperV,
            host =>
            {
                if (host.Os is null)
                {
                    return null;
                }

                if (supported.IsUnsupportedEdition(host.Os.Caption))
                {
                    hyperVServer = true;
                    return false;
                }

                var verdict = supported.Supports(matrix.HostRelease(host.Os), host.Os.InstallationType);
                if (verdict == false)
                {
                    if (IsNewerThanEveryListedRelease(matrix, supported, host.Os))
                    {
                        tooNew = true;
                    }
                    else
                    {
                        older = true;
                    }
                }

                return verdict;
            },
            host => new Evidence(host.Name, "os",
                supported.IsUnsupportedEdition(host.Os?.Caption) ? $"{host.Os!.Caption} ({host.Os.Build})" : Describe(matrix, host.Os),
                expected ??= RuleText.WithBridge(context, s => s.HyperVHostOs,
                    supported.Describe(matrix) + (supported.UnsupportedCaptions is { Count: > 0 } ? "; not the free Hyper-V Server edition" : ""))),
            "The snapshot lists no Hyper-V host.",
            $"Every Hyper-V host runs an operating system {context.TargetName} supports.",
            count => $"{ItemChecks.Plural(count, "Hyper-V host runs", "Hyper-V hosts run")} an operating system {context.TargetName} cannot manage.");
        if (outcome.Status != FindingStatus.Fail)
        {
            return outcome;
        }

        var remediation = new List<string>(3);
        if (older)
        {
            remediation.Add(UpgradeRemediation);
        }

        if (tooNew)
        {
            remediation.Add(TooNewRemediation);
        }

        if (hyperVServer)
        {
            remediation.Add(HyperVServerRemediation);
        }

        return outcome with { Remediation = string.Join(" ", remediation) };
    }

    private static string? Describe(SupportMatrix matrix, OperatingSystemInfo? os) =>
        os is not null && SupportMatrix.IsHci(os.Caption) && matrix.HostRelease(os) is { } hci ? $"{hci.Name} ({os.Build})" : RuleText.Os(matrix, os);

    /// <summary>Windows Server releases only: an HCI build is never "newer than the target" in the sense of this advice.</summary>
    private static bool IsNewerThanEveryListedRelease(SupportMatrix matrix, OsRequirementList supported, OperatingSystemInfo os)
    {
        if (SupportMatrix.IsHci(os.Caption) || SupportMatrix.BuildNumber(os.Build) is not { } build)
        {
            return false;
        }

        var newestListed = supported.Supported.Select(r => matrix.ReleaseBuildNumber(r.Os) ?? 0).DefaultIfEmpty(0).Max();
        return build > newestListed;
    }
}
