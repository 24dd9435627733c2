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

    internal IReadOnlyList<Reference> ReferencesOf(RuleMetadata metadata) => references[metadata.Id];

    /// <summary>
    /// The pages a finding cites: only those about the versions it judged (no VMM 2025 page on a VMM 2016 finding),
    /// then the pages about every version, and all of them only when the rule has nothing else to cite.
    /// </summary>
    internal IReadOnlyList<Reference> ReferencesOf(RuleMetadata metadata, IReadOnlyCollection<string> judgedVersions)
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
