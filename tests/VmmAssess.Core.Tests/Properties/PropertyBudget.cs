using System.Globalization;

namespace VmmAssess.Core.Tests.Properties;

/// <summary>
/// Iteration counts stay moderate so the whole project runs in seconds; set VMMASSESS_PROPERTY_SCALE (e.g. 50) to
/// search harder locally. CsCheck prints a seed to replay any failure.
/// </summary>
internal static class PropertyBudget
{
    public static int Iterations(int moderate) =>
        int.TryParse(Environment.GetEnvironmentVariable("VMMASSESS_PROPERTY_SCALE"), NumberStyles.None, CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? moderate * scale
            : moderate;
}
