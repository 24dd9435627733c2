using System.Text.Json;
using System.Text.Json.Serialization;
using VmmAssess.Core.Assessment;
using VmmAssess.Core.Rules;

namespace VmmAssess.Core.Snapshots;

/// <summary>Source-generated (reflection-free, trimming-safe) serialization for the public contracts.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Snapshot))]
[JsonSerializable(typeof(AssessmentResult))]
[JsonSerializable(typeof(IReadOnlyList<RuleDescriptor>))]
[JsonSerializable(typeof(IReadOnlyList<ValidationError>))]
public sealed partial class CoreJsonContext : JsonSerializerContext
{
    private static CoreJsonContext? indented;

    /// <summary>The same contracts written with indentation, for files and terminals.</summary>
    public static CoreJsonContext Indented => indented ??= new CoreJsonContext(new JsonSerializerOptions(Default.Options) { WriteIndented = true });
}
