using System.Reflection;

namespace VmmAssess.Core.Tests.Rules;

/// <summary>Every shipped rule has its own test class next to the others of its category, so a new rule cannot ship untested.</summary>
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
    public void Every_rule_has_a_test_class_in_its_category_folder_with_pass_fail_and_unknown_cases()
    {
        var testTypes = typeof(RuleTestCoverageTests).Assembly.GetTypes();
        var missing = new List<string>();
        foreach (var rule in AllRules.Create())
        {
            var category = rule.GetType().Namespace!.Split('.')[^1];
            var expected = $"VmmAssess.Core.Tests.Rules.{category}.{rule.GetType().Name}Tests";
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
    public void Every_rule_is_categorised_like_its_namespace_and_cites_known_sources()
    {
        foreach (var rule in RuleCatalog.Default.Rules)
        {
            Assert.Equal(rule.GetType().Namespace!.Split('.')[^1], rule.Metadata.Category.ToString());
            Assert.NotEmpty(rule.Metadata.SourceKeys);
            Assert.NotEmpty(rule.Metadata.Targets);
            Assert.False(string.IsNullOrWhiteSpace(rule.Metadata.Remediation), rule.Metadata.Id);
            var descriptor = RuleCatalog.Default.Find(rule.Metadata.Id)!;
            Assert.Equal(rule.Metadata.SourceKeys.Count, descriptor.References.Count);
            Assert.All(descriptor.References, r => Assert.StartsWith("https://", r.Url, StringComparison.Ordinal));
        }
    }
}
