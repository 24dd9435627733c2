using System.Reflection;

namespace VmmAssess.Core.Tests.Rules;

/// <summary>
/// The rule id is the address: a rule lives in <c>src/VmmAssess.Core/Rules/{family}/{id}.{Class}.cs</c> and its tests in
/// <c>tests/VmmAssess.Core.Tests/Rules/{family}/{id}.{Class}Tests.cs</c>, so a new rule cannot ship untested or hidden.
/// </summary>
public class RuleTestCoverageTests
{
    [Fact]
    public void The_rule_pack_ships_every_rule_once_with_unique_ids()
    {
        var ids = RuleCatalog.Default.Rules.Select(r => r.Metadata.Id).ToList();

        Assert.Equal(AllRules.Create().Count(), ids.Count);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(ids, id => Assert.Matches("^VMM-[A-Z]+-[0-9]{3}$", id));
    }

    [Fact]
    public void Every_rule_has_a_test_class_with_pass_fail_and_unknown_cases()
    {
        var testTypes = typeof(RuleTestCoverageTests).Assembly.GetTypes();
        var missing = new List<string>();
        foreach (var rule in AllRules.Create())
        {
            var expected = $"VmmAssess.Core.Tests.Rules.{rule.GetType().Name}Tests";
            var testClass = testTypes.SingleOrDefault(t => t.FullName == expected);
            if (testClass is null)
            {
                missing.Add(expected);
                continue;
            }

            var names = testClass.GetMethods()
                .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
                .Select(m => m.Name)
                .ToList();
            foreach (var status in new[] { "Pass", "Fail", "Unknown" })
            {
                if (!names.Any(n => n.StartsWith(status + "_", StringComparison.Ordinal)))
                {
                    missing.Add($"{expected}: no test named for {status}");
                }
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_rule_and_its_tests_are_filed_under_the_rule_id()
    {
        var misplaced = new List<string>();
        foreach (var rule in AllRules.Create())
        {
            var id = rule.Metadata.Id;
            var family = id[..id.LastIndexOf('-')];
            var name = rule.GetType().Name;
            var source = RepoFiles.PathOf("src", "VmmAssess.Core", "Rules", family, $"{id}.{name}.cs");
            var tests = RepoFiles.PathOf("tests", "VmmAssess.Core.Tests", "Rules", family, $"{id}.{name}Tests.cs");
            misplaced.AddRange(new[] { source, tests }.Where(p => !File.Exists(p)).Select(p => Path.GetRelativePath(RepoFiles.Root, p)));
        }

        var ruleFiles = Directory.GetFiles(RepoFiles.PathOf("src", "VmmAssess.Core", "Rules"), "VMM-*.cs", SearchOption.AllDirectories);
        Assert.Empty(misplaced);
        Assert.Equal(AllRules.Create().Count(), ruleFiles.Length);
    }

    [Fact]
    public void Every_rule_cites_known_sources_and_says_how_to_fix_it()
    {
        foreach (var rule in RuleCatalog.Default.Rules)
        {
            Assert.NotEmpty(rule.Metadata.SourceKeys);
            Assert.NotEmpty(rule.Metadata.Targets);
            Assert.False(string.IsNullOrWhiteSpace(rule.Metadata.Remediation), rule.Metadata.Id);
            var descriptor = RuleCatalog.Default.Find(rule.Metadata.Id)!;
            Assert.Equal(rule.Metadata.SourceKeys.Count, descriptor.References.Count);
            Assert.All(descriptor.References, r => Assert.StartsWith("https://", r.Url, StringComparison.Ordinal));
        }
    }
}
