using System.Reflection;
using System.Text.Json;

namespace VmmAssess.LocalBackend;

/// <summary>One function as the Worker SDK describes it in <c>functions.metadata</c> (what the Functions host reads).</summary>
internal sealed record FunctionEntry(string Name, string EntryPoint, JsonElement Trigger, IReadOnlyList<JsonElement> OtherBindings)
{
    public string TriggerType => Trigger.GetProperty("type").GetString() ?? "";

    public string TriggerParameter => Trigger.GetProperty("name").GetString() ?? "";

    public string? Text(string property) => Trigger.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public IReadOnlyList<string> Methods => Trigger.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
        ? m.EnumerateArray().Select(x => (x.GetString() ?? "").ToUpperInvariant()).ToArray()
        : ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    /// <summary>The method the entry point names, in the Functions assembly.</summary>
    public MethodInfo ResolveMethod(Assembly functions)
    {
        var dot = EntryPoint.LastIndexOf('.');
        var type = functions.GetType(EntryPoint[..dot], throwOnError: true)!;
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Where(m => m.Name == EntryPoint[(dot + 1)..]).ToArray();
        return methods.Length == 1
            ? methods[0]
            : throw new InvalidOperationException($"Function {Name}: entry point {EntryPoint} names {methods.Length} methods.");
    }
}

/// <summary>Reads the <c>functions.metadata</c> the Worker SDK wrote for src/VmmAssess.Functions (copied next to this
/// program by the project reference), so every function the app declares is served or refused loudly here.</summary>
internal static class FunctionsMetadata
{
    public const string FileName = "functions.metadata";

    public static IReadOnlyList<FunctionEntry> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: build src/VmmAssess.Functions (scripts/local.sh does) so the Worker SDK writes it.");
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var entries = new List<FunctionEntry>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            var bindings = function.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToList();
            var triggers = bindings.Where(IsTrigger).ToList();
            if (triggers.Count != 1)
            {
                throw new InvalidOperationException($"Function {name} has {triggers.Count} triggers in {FileName}.");
            }

            entries.Add(new FunctionEntry(name, function.GetProperty("entryPoint").GetString()!, triggers[0], bindings.Where(b => !IsTrigger(b)).ToList()));
        }

        return entries;
    }

    private static bool IsTrigger(JsonElement binding) => (binding.GetProperty("type").GetString() ?? "").EndsWith("Trigger", StringComparison.Ordinal);
}
