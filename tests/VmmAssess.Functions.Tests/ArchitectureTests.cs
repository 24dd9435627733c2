using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using VmmAssess.Functions.Tests.Infrastructure;

namespace VmmAssess.Functions.Tests;

/// <summary>
/// The Functions app's layers point one way (docs/architecture.md, "Layers"):
/// Hosting → Api | Triggers → Application → Infrastructure → Domain, with Configuration (settings and options) at the
/// bottom. A layer may use any layer below it, never one above, and only the API edge knows HTTP. Checked twice: on the
/// compiled assembly (what the code really references) and on the sources' <c>using</c> directives (what a change
/// starts to reference, before it is even used).
/// </summary>
public sealed partial class ArchitectureTests
{
    private const string Root = "VmmAssess.Functions";

    /// <summary>Each layer, top to bottom, with the namespaces (and source folders) it owns.</summary>
    private static readonly (string Layer, string[] Namespaces)[] Layers =
    [
        ("Hosting", [$"{Root}.Hosting"]),
        ("Edge", [$"{Root}.Api", $"{Root}.Triggers"]),
        ("Application", [$"{Root}.Application"]),
        ("Infrastructure", [$"{Root}.Infrastructure"]),
        ("Domain", [$"{Root}.Domain"]),
        ("Configuration", [$"{Root}.Configuration"]),
    ];

    private static Assembly App => typeof(ServiceRegistration).Assembly;

    public static TheoryData<string> LayerNames() => new(Layers.Select(l => l.Layer));

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void A_layer_never_references_a_layer_above_it(string layer)
    {
        var index = Array.FindIndex(Layers, l => l.Layer == layer);
        var above = Layers.Take(index).SelectMany(l => l.Namespaces).ToArray();
        if (above.Length == 0)
        {
            return;
        }

        var result = Types.InAssembly(App).That().ResideInNamespace(Layers[index].Namespaces[0])
            .Or().ResideInNamespace(Layers[index].Namespaces[^1])
            .ShouldNot().HaveDependencyOnAny(above).GetResult();

        Assert.True(result.IsSuccessful, $"{layer} references a layer above it: {string.Join(", ", result.FailingTypeNames ?? [])}");
        Assert.Empty(SourcesReferencing(Layers[index].Namespaces, above));
    }

    [Fact]
    public void The_two_edges_do_not_reference_each_other()
    {
        var api = Types.InAssembly(App).That().ResideInNamespace($"{Root}.Api").ShouldNot().HaveDependencyOn($"{Root}.Triggers").GetResult();
        var triggers = Types.InAssembly(App).That().ResideInNamespace($"{Root}.Triggers").ShouldNot().HaveDependencyOn($"{Root}.Api").GetResult();

        Assert.True(api.IsSuccessful && triggers.IsSuccessful);
    }

    [Fact]
    public void Only_the_api_edge_knows_http()
    {
        var belowEdge = Layers.SkipWhile(l => l.Layer != "Application").SelectMany(l => l.Namespaces).Append($"{Root}.Triggers").Append($"{Root}.Hosting").ToArray();
        var result = Types.InAssembly(App).That().ResideInNamespace(belowEdge[0]);
        foreach (var ns in belowEdge.Skip(1))
        {
            result = result.Or().ResideInNamespace(ns);
        }

        var check = result.ShouldNot().HaveDependencyOn("Microsoft.AspNetCore").GetResult();
        Assert.True(check.IsSuccessful, $"Below the API edge but referencing ASP.NET Core: {string.Join(", ", check.FailingTypeNames ?? [])}");
        Assert.Empty(SourcesReferencing(belowEdge, ["Microsoft.AspNetCore"]));
    }

    [Fact]
    public void Every_type_of_the_app_belongs_to_a_layer()
    {
        var owned = Layers.SelectMany(l => l.Namespaces).ToArray();
        var strays = App.GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith(Root, StringComparison.Ordinal) && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            .Where(t => !owned.Any(ns => t.Namespace == ns || t.Namespace!.StartsWith(ns + ".", StringComparison.Ordinal)))
            .Where(t => !IsGeneratedByTheFunctionsSdk(t))
            .Select(t => t.FullName)
            .ToArray();

        Assert.Empty(strays);
    }

    [Fact]
    public void The_checks_see_a_forbidden_using_in_a_source_file()
    {
        var directory = Directory.CreateTempSubdirectory("archtest");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "Sample.cs"), "using Microsoft.AspNetCore.Http;\nnamespace VmmAssess.Functions.Application;\n");
            Assert.NotEmpty(SourcesReferencing([$"{Root}.Application"], ["Microsoft.AspNetCore"], directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static bool IsGeneratedByTheFunctionsSdk(Type type) =>
        type.Namespace == Root && type.GetCustomAttributes().Any(a => a.GetType().Name == "GeneratedCodeAttribute");

    /// <summary>Source files of the given namespaces whose <c>using</c> directives (or fully qualified names) name a forbidden namespace.</summary>
    private static List<string> SourcesReferencing(IReadOnlyList<string> namespaces, IReadOnlyList<string> forbidden, string? directory = null)
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory ?? RepoPaths.File("src", "VmmAssess.Functions"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            var ns = NamespaceDeclaration().Match(text) is { Success: true } m ? m.Groups[1].Value : "";
            if (!namespaces.Any(n => ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var name in forbidden)
            {
                if (Regex.IsMatch(text, $@"(^\s*(global\s+)?using\s+(static\s+)?({Regex.Escape(name)})\b)|([^\w.]{Regex.Escape(name)}\.)", RegexOptions.Multiline))
                {
                    found.Add($"{Path.GetFileName(file)} ({ns}) references {name}");
                }
            }
        }

        return found;
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();
}
