using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Core.Tests.TestData;

/// <summary>Snapshot documents as JSON text, edited by JSONPath-like paths (<c>$.hosts[3].os.build</c>), for parser tests.</summary>
public static partial class JsonDocs
{
    /// <summary>The clean baseline as a document, with four Hyper-V hosts so that <c>$.hosts[3]</c> exists.</summary>
    public static JsonObject Baseline()
    {
        var snapshot = TestSnapshots.Baseline.WithHosts(
            TestSnapshots.HyperVHost("HV01.contoso.com", Builds.WS2025),
            TestSnapshots.HyperVHost("HV02.contoso.com", Builds.WS2025),
            TestSnapshots.HyperVHost("HV03.contoso.com", Builds.WS2022),
            TestSnapshots.HyperVHost("HV04.contoso.com", Builds.WS2022));
        return JsonSerializer.SerializeToNode(snapshot, CoreJsonContext.Default.Snapshot)!.AsObject();
    }

    public static JsonObject Sample(string name) => JsonNode.Parse(RepoFiles.Sample(name))!.AsObject();

    /// <summary>Sets the value at <paramref name="path"/> (creating nothing: the parent must exist). A null value writes JSON null.</summary>
    public static JsonObject Set(this JsonObject document, string path, JsonNode? value)
    {
        var (parent, last) = Navigate(document, path);
        switch (last)
        {
            case string property:
                parent.AsObject()[property] = value;
                break;
            case int index:
                parent.AsArray()[index] = value;
                break;
        }

        return document;
    }

    /// <summary>Removes the property at <paramref name="path"/>.</summary>
    public static JsonObject Without(this JsonObject document, string path)
    {
        var (parent, last) = Navigate(document, path);
        if (last is string property)
        {
            Assert.True(parent.AsObject().Remove(property), $"{path} does not exist.");
        }
        else
        {
            parent.AsArray().RemoveAt((int)last);
        }

        return document;
    }

    public static byte[] Utf8(this JsonNode document) => Encoding.UTF8.GetBytes(document.ToJsonString());

    public static SnapshotParseResult ParseSnapshot(this JsonNode document) => SnapshotParser.Parse(document.Utf8());

    public static SnapshotParseResult Parse(string json) => SnapshotParser.Parse(Encoding.UTF8.GetBytes(json));

    public static IReadOnlyList<string> ErrorTexts(this SnapshotParseResult result) => result.Errors.Select(e => e.ToString()).ToList();

    private static (JsonNode Parent, object Last) Navigate(JsonObject document, string path)
    {
        var steps = PathStep().Matches(path[1..]).Select(m => m.Groups["name"].Success ? (object)m.Groups["name"].Value : int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture)).ToList();
        JsonNode node = document;
        foreach (var step in steps.Take(steps.Count - 1))
        {
            node = (step is string name ? node[name] : node[(int)step]) ?? throw new InvalidOperationException($"{path}: {step} is missing.");
        }

        return (node, steps[^1]);
    }

    [GeneratedRegex(@"\.(?<name>[A-Za-z0-9_]+)|\[(?<index>[0-9]+)\]")]
    private static partial Regex PathStep();
}
