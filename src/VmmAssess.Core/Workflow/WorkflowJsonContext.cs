using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmmAssess.Core.Workflow;

/// <summary>Source-generated serialization of the workflow contracts, with the same options as the result's (camelCase, enums as strings).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AssessmentDelta))]
[JsonSerializable(typeof(Waiver))]
[JsonSerializable(typeof(WaiverFile))]
public sealed partial class WorkflowJsonContext : JsonSerializerContext
{
    private static WorkflowJsonContext? indented;

    /// <summary>The same contracts written with indentation, for files and terminals.</summary>
    public static WorkflowJsonContext Indented => indented ??= new WorkflowJsonContext(new JsonSerializerOptions(Default.Options) { WriteIndented = true });
}
