using System.Text.Json;
using VmmAssess.Core.Snapshots;

namespace VmmAssess.Cli.Reports;

internal static class JsonReport
{
    public static void Write(Portfolio portfolio, TextWriter output)
    {
        if (portfolio.IsSingle)
        {
            output.WriteLine(JsonSerializer.Serialize(portfolio.Assessments[0], CoreJsonContext.Indented.AssessmentResult));
            return;
        }

        var document = new PortfolioDocument(
            portfolio.Summary,
            portfolio.Assessments,
            portfolio.Invalid.Select(i => new InvalidSnapshot(Path.GetFileName(i.Path), i.Result.Errors)).ToArray());
        output.WriteLine(JsonSerializer.Serialize(document, CliJsonContext.Default.PortfolioDocument));
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(
    PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(PortfolioDocument))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ValidationReport))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ErrorDocument))]
internal sealed partial class CliJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>What `validate --format json` and a rejected `assess --format json` print; warnings only from validate.</summary>
internal sealed record ValidationReport(string File, bool Valid, IReadOnlyList<ValidationError> Errors, IReadOnlyList<ValidationWarning>? Warnings = null);
