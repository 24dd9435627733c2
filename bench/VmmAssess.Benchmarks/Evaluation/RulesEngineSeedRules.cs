using RulesEngine.Models;
using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;
using Rule = RulesEngine.Models.Rule;

namespace VmmAssess.Benchmarks.Evaluation;

/// <summary>
/// The baseline: the 14 seed rules as a Microsoft RulesEngine (6.0.1) workflow, used the way its documentation
/// recommends: one long-lived <see cref="RulesEngine.RulesEngine"/> built once from the workflow (it compiles and
/// caches every expression on first use), named inputs passed as <see cref="RuleParameter"/>s, GlobalParams for what
/// several rules share, LocalParams for a rule's intermediate values, helper types injected through
/// <see cref="ReSettings.CustomTypes"/>, and an OnFailure <c>OutputExpression</c> action that returns the status
/// (Fail or Unknown) and the evidence of a failed rule. A rule's Expression is true when it passes or does not apply.
/// Missing data is handled with <c>np(...)</c> (null propagation) like our rules handle null, so both engines
/// reach the same verdicts; <see cref="Program"/>'s <c>--verify</c> mode checks that on every generated snapshot.
/// An action receives scoped params as plain values typed by their runtime type (a null one is typed object), so the
/// output expressions read the inputs themselves and scoped values that are never null (counts, the status string).
/// </summary>
public sealed class RulesEngineSeedRules
{
    public const string WorkflowName = "SeedPlanningConsiderations";

    private readonly RulesEngine.RulesEngine engine;
    private readonly SupportMatrix matrix;

    public RulesEngineSeedRules(SupportMatrix matrix)
    {
        this.matrix = matrix;
        var settings = new ReSettings
        {
            CustomTypes =
            [
                typeof(SeedFunctions), typeof(SeedFinding), typeof(VersionRequirementList), typeof(OsRequirementList),
                typeof(HostPlatform), typeof(ServiceAccountKind), typeof(DatabaseHighAvailability), typeof(TargetVersion), typeof(VmmProduct),
            ],
        };
        engine = new RulesEngine.RulesEngine([CreateWorkflow()], settings);
    }

    /// <summary>Runs the workflow over a parsed snapshot and reads each rule's verdict from the result tree.</summary>
    public async ValueTask<IReadOnlyList<SeedFinding>> EvaluateAsync(Snapshot snapshot)
    {
        var target = snapshot.TargetVersion;
        var results = await engine.ExecuteAllRulesAsync(
            WorkflowName,
            new RuleParameter("snapshot", snapshot),
            new RuleParameter("support", matrix.For(target)),
            new RuleParameter("matrix", matrix)).ConfigureAwait(false);

        var findings = new SeedFinding[results.Count];
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            findings[i] = result.IsSuccess
                ? new SeedFinding(result.Rule.RuleName, "Pass", [])
                : result.ActionResult?.Output is SeedFinding failed
                    ? failed with { RuleId = result.Rule.RuleName }
                    : new SeedFinding(result.Rule.RuleName, "Error", [result.ExceptionMessage + " " + result.ActionResult?.Exception?.Message]);
        }

        return findings;
    }

    private static Workflow CreateWorkflow() => new()
    {
        WorkflowName = WorkflowName,
        GlobalParams =
        [
            new ScopedParam { Name = "ha", Expression = "np(snapshot.Vmm.HighlyAvailable)" },
            new ScopedParam { Name = "dkmEnabled", Expression = "np(snapshot.Vmm.Dkm.Enabled)" },
            new ScopedParam { Name = "vmmCluster", Expression = "np(snapshot.Cluster.Name)" },
        ],
        Rules =
        [
            ItemRule("VMM-VMW-001", "snapshot.Hosts",
                relevant: "h.Platform == \"VMwareESX\"",
                fails: "SeedFunctions.IsVersionKnown(h.Version) && support.Esx.Find(h.Version) == null",
                unknown: "!SeedFunctions.IsVersionKnown(h.Version)",
                evidence: "h.Name + \" version \" + h.Version"),
            ItemRule("VMM-VMW-002", "snapshot.VCenters",
                relevant: "true",
                fails: "SeedFunctions.IsVersionKnown(h.Version) && support.VCenter.Find(h.Version) == null",
                unknown: "!SeedFunctions.IsVersionKnown(h.Version)",
                evidence: "h.Name + \" version \" + h.Version"),
            Scalar("VMM-PRO-001",
                locals: [("product", "np(snapshot.Vmm.Product)"), ("om", "snapshot.OperationsManager")],
                passes: "product != null && (product != \"Vmm2012R2\" || (om != null && (om.ProEnabled != null || om.ProConfigurations != null) && om.ProEnabled != true && !(om.ProConfigurations > 0)))",
                unknown: "product == null || om == null || (om.ProEnabled == null && om.ProConfigurations == null)",
                evidence: "\"proConfigurations \" + np(snapshot.OperationsManager.ProConfigurations)"),
            Scalar("VMM-OM-001",
                locals: [("connected", "np(snapshot.OperationsManager.Connected)")],
                passes: "connected == false",
                unknown: "connected == null",
                evidence: "\"connected to \" + np(snapshot.OperationsManager.Server)"),
            ItemRule("VMM-WINRM-001", "snapshot.ManagementServers",
                relevant: "true",
                fails: "np(h.WinRm.MaxConcurrentOperationsPerUser) < 1500 || np(h.WinRm.MaxConnections) < 300",
                unknown: "np(h.WinRm.MaxConcurrentOperationsPerUser) == null || np(h.WinRm.MaxConnections) == null",
                evidence: "h.Name + \" winRm \" + np(h.WinRm.MaxConcurrentOperationsPerUser) + \"/\" + np(h.WinRm.MaxConnections)"),
            ItemRule("VMM-LIB-001", "snapshot.LibraryServers",
                relevant: "true",
                fails: "h.Os != null && support.LibraryOs.Supports(matrix.WindowsRelease(h.Os.Build), h.Os.InstallationType) == false && !support.LibraryOs.PartialListing",
                unknown: "h.Os == null || support.LibraryOs.Supports(matrix.WindowsRelease(h.Os.Build), h.Os.InstallationType) == null",
                evidence: "h.Name + \" os \" + np(h.Os.Build)"),
            Scalar("VMM-ACCT-001",
                locals:
                [
                    ("current", "np(snapshot.Vmm.ServiceAccount)"),
                    ("planned", "np(snapshot.Vmm.PlannedServiceAccount) ?? current"),
                    ("currentKind", "np(current.Kind)"),
                    ("plannedKind", "np(planned.Kind)"),
                    ("namesKnown", "!string.IsNullOrWhiteSpace(np(current.Name)) && !string.IsNullOrWhiteSpace(np(planned.Name))"),
                ],
                passes: "currentKind != null && plannedKind != null && (currentKind == \"LocalSystem\" ? (plannedKind == \"LocalSystem\" || dkmEnabled == true) : (plannedKind != \"LocalSystem\" && namesKnown && SeedFunctions.SameAccount(current.Name, planned.Name)))",
                unknown: "currentKind == null || plannedKind == null || (currentKind == \"LocalSystem\" ? plannedKind != \"LocalSystem\" && dkmEnabled == null : plannedKind != \"LocalSystem\" && !namesKnown)",
                evidence: "np(snapshot.Vmm.ServiceAccount.Name) + \" to \" + np(snapshot.Vmm.PlannedServiceAccount.Name)"),
            Scalar("VMM-DKM-001",
                locals: [("sameComputer", "np(snapshot.Vmm.UpgradeOnSameComputer)")],
                passes: "sameComputer == true || dkmEnabled == true",
                unknown: "sameComputer == null || dkmEnabled == null",
                evidence: "\"dkm.enabled false\""),
            Scalar("VMM-HA-001",
                locals: [("exists", "np(snapshot.Cluster.Exists)")],
                passes: "ha == false || (ha == true && exists == true)",
                unknown: "ha == null || exists == null",
                evidence: "np(snapshot.Cluster.Name) + \" exists false\""),
            ItemRule("VMM-ASR-001", "snapshot.ManagementServers",
                relevant: "true",
                fails: "np(h.SiteRecoveryProvider.Installed) == true",
                unknown: "np(h.SiteRecoveryProvider.Installed) == null",
                evidence: "h.Name + \" provider \" + np(h.SiteRecoveryProvider.Version)"),
            Scalar("VMM-SQL-003",
                locals:
                [
                    ("availability", "np(snapshot.Database.HighAvailability)"),
                    ("sqlCluster", "np(snapshot.Database.ClusterName)"),
                ],
                passes: "ha == false || (ha == true && availability != null && availability != \"None\" && sqlCluster != null && vmmCluster != null && !SeedFunctions.SameCluster(sqlCluster, vmmCluster))",
                unknown: "ha == null || availability == null || (availability != \"None\" && (sqlCluster == null || vmmCluster == null))",
                evidence: "np(snapshot.Database.Server) + \" on \" + np(snapshot.Database.ClusterName)"),
            ItemRule("VMM-LIB-002", "snapshot.LibraryServers",
                relevant: "true",
                // A Scale-Out File Server or a library on the VMM cluster is VMM-LIB-004's to judge (rule pack 2026.11.2).
                fails: "!(h.IsScaleOutFileServer == true || (h.ClusterName != null && np(snapshot.Cluster.Name) != null && SeedFunctions.SameCluster(h.ClusterName, snapshot.Cluster.Name))) && h.HighlyAvailable == false",
                unknown: "!(h.IsScaleOutFileServer == true || (h.ClusterName != null && np(snapshot.Cluster.Name) != null && SeedFunctions.SameCluster(h.ClusterName, snapshot.Cluster.Name))) && (h.HighlyAvailable == null || h.IsScaleOutFileServer == null)",
                evidence: "h.Name + \" on \" + h.ClusterName",
                gate: "ha"),
            Scalar("VMM-ACCT-002",
                locals:
                [
                    ("account", "np(snapshot.Vmm.PlannedServiceAccount) ?? np(snapshot.Vmm.ServiceAccount)"),
                    ("accountKind", "np(account.Kind)"),
                    ("currentKind", "np(snapshot.Vmm.ServiceAccount.Kind)"),
                    ("changesDomainAccount", "(currentKind == \"Domain\" || currentKind == \"GroupManaged\") && (accountKind == \"Domain\" || accountKind == \"GroupManaged\") && SeedFunctions.DifferentNames(np(snapshot.Vmm.ServiceAccount.Name), np(account.Name))"),
                ],
                passes: "ha == false || (ha == true && !changesDomainAccount && (accountKind == \"Domain\" || (accountKind == \"GroupManaged\" && support.GmsaServiceAccount)))",
                unknown: "ha == null || (!changesDomainAccount && accountKind == null)",
                evidence: "\"service account kind not supported for HA\""),
            Scalar("VMM-DKM-002",
                locals: [],
                passes: "ha == false || (ha == true && dkmEnabled == true)",
                unknown: "ha == null || dkmEnabled == null",
                evidence: "\"dkm.enabled false\""),
        ],
    };

    /// <summary>
    /// A rule over an inventory list, in the shape of our ItemChecks: Unknown when the list is missing, Fail when a
    /// relevant item fails, Unknown when one cannot be judged, otherwise Pass (or not applicable). A gate ("ha") makes
    /// the rule not applicable unless the gate is true, and Unknown when the gate is null.
    /// </summary>
    private static Rule ItemRule(string id, string list, string relevant, string fails, string unknown, string evidence, string? gate = null)
    {
        var open = gate is null ? "" : $"{gate} != true ? 0 : ";
        return new Rule
        {
            RuleName = id,
            RuleExpressionType = RuleExpressionType.LambdaExpression,
            LocalParams =
            [
                new ScopedParam { Name = "items", Expression = list },
                new ScopedParam { Name = "failed", Expression = $"{open}items == null ? 0 : items.Count(h => h != null && ({relevant}) && ({fails}))" },
                new ScopedParam { Name = "unknown", Expression = $"{open}items == null ? 1 : items.Count(h => h != null && ({relevant}) && !({fails}) && ({unknown}))" },
            ],
            Expression = gate is null ? "failed == 0 && unknown == 0" : $"{gate} == false || ({gate} == true && failed == 0 && unknown == 0)",
            Actions = OnFailure(
                (gate is null ? "" : $"{gate} == null ? SeedFunctions.Unknown() : ") +
                $"{list} == null ? SeedFunctions.Unknown() : failed > 0 " +
                $"? SeedFunctions.Finding(\"Fail\", {list}.Where(h => h != null && ({relevant}) && ({fails})).Take(50).Select(h => {evidence})) " +
                $": SeedFunctions.Finding(\"Unknown\", {list}.Where(h => h != null && ({relevant}) && ({unknown})).Take(50).Select(h => {evidence}))"),
        };
    }

    private static Rule Scalar(string id, (string Name, string Expression)[] locals, string passes, string unknown, string evidence) => new()
    {
        RuleName = id,
        RuleExpressionType = RuleExpressionType.LambdaExpression,
        LocalParams =
        [
            .. locals.Select(l => new ScopedParam { Name = l.Name, Expression = l.Expression }),
            new ScopedParam { Name = "status", Expression = $"{unknown} ? \"Unknown\" : \"Fail\"" },
        ],
        Expression = passes,
        Actions = OnFailure($"SeedFunctions.Finding(status, SeedFunctions.One({evidence}))"),
    };

    private static RuleActions OnFailure(string outputExpression) => new()
    {
        OnFailure = new ActionInfo
        {
            Name = "OutputExpression",
            Context = new Dictionary<string, object> { ["Expression"] = outputExpression },
        },
    };
}

/// <summary>What the baseline returns per rule: status (Pass, Fail, Unknown; Error if an expression threw) and evidence strings.</summary>
public sealed record SeedFinding(string RuleId, string Status, IReadOnlyList<string> Evidence);

/// <summary>Helpers injected into the expressions through ReSettings.CustomTypes, as RulesEngine's docs show for Utils.</summary>
public static class SeedFunctions
{
    public static bool IsVersionKnown(string? version) => VersionRequirementList.MajorMinor(version) is not null;

    public static bool SameCluster(string a, string b) =>
        string.Equals(a.Split('.')[0], b.Split('.')[0], StringComparison.OrdinalIgnoreCase);

    public static bool DifferentNames(string? a, string? b) =>
        !string.IsNullOrEmpty(a) && !string.IsNullOrEmpty(b) && !string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    public static bool SameAccount(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    public static SeedFinding Finding(string status, IEnumerable<string> evidence) => new("", status, evidence.ToList());

    public static SeedFinding Unknown() => new("", "Unknown", []);

    public static IEnumerable<string> One(string evidence) => [evidence];
}
