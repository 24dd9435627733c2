using System.Globalization;

namespace VmmAssess.Core.Rules;

/// <summary>VMM-WINRM-001: low WinRM limits survive the upgrade and throttle VMM.</summary>
internal sealed class WinRmThrottlingRule : Rule
{
    // Windows defaults for the WinRM service configuration (WinRM 3.0 and later).
    private const int DefaultMaxConcurrentOperationsPerUser = 1500;
    private const int DefaultMaxConnections = 300;

    public override RuleMetadata Metadata { get; } = new(
        Id: "VMM-WINRM-001",
        Title: "WinRM MaxConcurrentOperationsPerUser and MaxConnections",
        Category: RuleCategory.Common,
        Severity: Severity.Warning,
        Targets: AllTargets,
        Description: "The WSMan MaxConcurrentOperationsPerUser and MaxConnections values are not reset by the upgrade. Values below the operating system defaults (1500 and 300) limit VMM's throughput.",
        Remediation: "Reset them, e.g. Set-Item WSMan:\\localhost\\Service\\MaxConcurrentOperationsPerUser 1500 and Set-Item WSMan:\\localhost\\Service\\MaxConnections 300, then restart WinRM.",
        SourceKeys: ["PCU", "UPG16", "WINRM"])
    {
        DataPaths = ["$.managementServers[*].winRm.maxConcurrentOperationsPerUser", "$.managementServers[*].winRm.maxConnections"],
    };

    public override RuleOutcome Evaluate(RuleContext context)
    {
        var servers = context.Snapshot.ManagementServers;
        if (servers is null)
        {
            return RuleOutcome.Unknown("The snapshot has no management servers inventory.");
        }

        var failed = new List<Evidence>();
        var unknown = new List<Evidence>();
        foreach (var server in servers.Where(s => s is not null))
        {
            Judge(server.Name, "maxConcurrentOperationsPerUser", server.WinRm?.MaxConcurrentOperationsPerUser, DefaultMaxConcurrentOperationsPerUser, failed, unknown);
            Judge(server.Name, "maxConnections", server.WinRm?.MaxConnections, DefaultMaxConnections, failed, unknown);
        }

        if (failed.Count > 0)
        {
            return RuleOutcome.Fail($"{failed.Count} WinRM limit(s) are below the operating system defaults and will throttle VMM after the upgrade.", failed);
        }

        if (unknown.Count > 0)
        {
            return RuleOutcome.Unknown("Some WinRM limits could not be read.", unknown);
        }

        return servers.Count == 0
            ? RuleOutcome.NotApplicable("The snapshot lists no management server.")
            : RuleOutcome.Pass("WinRM limits are at or above the operating system defaults.");
    }

    private static void Judge(string server, string property, int? actual, int minimum, List<Evidence> failed, List<Evidence> unknown)
    {
        var evidence = new Evidence(server, "winRm." + property, actual?.ToString(CultureInfo.InvariantCulture), $">= {minimum.ToString(CultureInfo.InvariantCulture)}");
        if (actual is null)
        {
            unknown.Add(evidence);
        }
        else if (actual < minimum)
        {
            failed.Add(evidence);
        }
    }
}
