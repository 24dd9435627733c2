using VmmAssess.Core.Assessment;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Rules;

/// <summary>The rule pack: every rule, in a fixed order, with the version a result records.</summary>
public sealed class RuleCatalog
{
    /// <summary>Bump on any change to a rule or to the support data, so stored results say which pack produced them.</summary>
    public const string CurrentRulePackVersion = "2026.11.2";

    private readonly Dictionary<string, IReadOnlyList<Reference>> references;
    private readonly Dictionary<string, IReadOnlyList<SourceReference>> sources;

    public RuleCatalog(IEnumerable<Rule> rules, SupportMatrix matrix, string rulePackVersion = CurrentRulePackVersion)
    {
        Rules = rules.OrderBy(r => r.Metadata.Id, StringComparer.Ordinal).ToArray();
        RulePackVersion = rulePackVersion;
        var duplicate = Rules.GroupBy(r => r.Metadata.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Rule id {duplicate.Key} is used twice.");
        }

        sources = Rules.ToDictionary(r => r.Metadata.Id, r => matrix.References(r.Metadata.SourceKeys));
        references = sources.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Reference>)kv.Value.Select(s => new Reference(s.Title, s.Url)).ToArray());
        foreach (var rule in Rules)
        {
            Assessment.UnknownReasons.Validate(rule.Metadata.DataPaths);
        }
        Descriptors = Rules.Select(r => new RuleDescriptor(
            r.Metadata.Id, r.Metadata.Title, r.Metadata.Category, r.Metadata.Severity, r.Metadata.Targets,
            r.Metadata.Description, r.Metadata.Remediation, references[r.Metadata.Id])).ToArray();
    }

    public static RuleCatalog Default { get; } = new(AllRules.Create(), SupportMatrix.Default);

    public IReadOnlyList<Rule> Rules { get; }

    public string RulePackVersion { get; }

    public IReadOnlyList<RuleDescriptor> Descriptors { get; }

    public RuleDescriptor? Find(string ruleId) =>
        Descriptors.FirstOrDefault(d => string.Equals(d.Id, ruleId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The support data each shipped rule reads, shown on its page in docs/rules/. One map here rather than a field in
    /// every rule's metadata; a documentation test checks it against what each rule's code reads. A rule not listed reads none.
    /// </summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<SupportDataSection>> SupportDataReadBy { get; } =
        new Dictionary<string, IReadOnlyList<SupportDataSection>>(StringComparer.Ordinal)
        {
            ["VMM-ACCT-002"] = [SupportDataSection.GmsaServiceAccount],
            ["VMM-ACCT-003"] = [SupportDataSection.GmsaServiceAccount],
            ["VMM-HOST-001"] = [SupportDataSection.HyperVHostOs, SupportDataSection.WindowsBuilds],
            ["VMM-LIB-001"] = [SupportDataSection.LibraryOs, SupportDataSection.WindowsBuilds],
            ["VMM-PATH-001"] = [SupportDataSection.UpgradePaths],
            ["VMM-PATH-003"] =
            [
                SupportDataSection.HyperVHostOs, SupportDataSection.Esx, SupportDataSection.VCenter, SupportDataSection.Sql,
                SupportDataSection.WindowsBuilds, SupportDataSection.SqlVersions,
            ],
            ["VMM-SQL-001"] = [SupportDataSection.Sql, SupportDataSection.SqlVersions],
            ["VMM-SRV-001"] = [SupportDataSection.ManagementServerOs, SupportDataSection.WindowsBuilds],
            ["VMM-SRV-002"] = [SupportDataSection.Adk],
            ["VMM-SRV-006"] = [SupportDataSection.DynamicMemoryStartupMB],
            ["VMM-VMW-001"] = [SupportDataSection.Esx],
            ["VMM-VMW-002"] = [SupportDataSection.VCenter],
        };

    internal static IReadOnlyList<SupportDataSection> SupportDataOf(string ruleId) =>
        SupportDataReadBy.TryGetValue(ruleId, out var sections) ? sections : [];

    internal IReadOnlyList<Reference> ReferencesOf(RuleMetadata metadata) => references[metadata.Id];

    /// <summary>
    /// The pages a finding cites: only those about the versions it judged (no VMM 2025 page on a VMM 2016 finding),
    /// then the pages about every version, and all of them only when the rule has nothing else to cite.
    /// </summary>
    internal IReadOnlyList<Reference> ReferencesOf(RuleMetadata metadata, IReadOnlyCollection<string> judgedVersions) =>
        // Pure in the rule and the versions: worked out once per pair (the records are immutable, results may share them).
        citations.GetOrAdd((metadata.Id, string.Join(",", judgedVersions)), static (_, a) => a.Catalog.FindReferences(a.Metadata, a.Versions), (Catalog: this, Metadata: metadata, Versions: judgedVersions));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string RuleId, string Versions), IReadOnlyList<Reference>> citations = new();

    private IReadOnlyList<Reference> FindReferences(RuleMetadata metadata, IReadOnlyCollection<string> judgedVersions)
    {
        var fitting = sources[metadata.Id].Where(s => s.IsAbout(judgedVersions)).Select(s => new Reference(s.Title, s.Url)).ToArray();
        if (fitting.Length > 0)
        {
            return fitting;
        }

        var general = sources[metadata.Id].Where(s => s.Versions is null).Select(s => new Reference(s.Title, s.Url)).ToArray();
        return general.Length > 0 ? general : references[metadata.Id];
    }
}
