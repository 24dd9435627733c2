using VmmAssess.Core.Snapshots;
using VmmAssess.Core.SupportData;

namespace VmmAssess.Core.Rules;

/// <summary>Wording shared by rules, so evidence reads the same across the catalog.</summary>
internal static class RuleText
{
    public static string? Os(SupportMatrix matrix, OperatingSystemInfo? os)
    {
        if (os is null)
        {
            return null;
        }

        var release = matrix.WindowsRelease(os.Build);
        var name = release?.Name ?? os.Caption ?? "unmapped build";
        var edition = os.InstallationType switch
        {
            InstallationType.ServerCore => " Server Core",
            InstallationType.Server => " Desktop Experience",
            _ => "",
        };
        return $"{name}{edition} ({os.Build})";
    }

    public static string Names(IEnumerable<string> names) => string.Join(", ", names);
}
