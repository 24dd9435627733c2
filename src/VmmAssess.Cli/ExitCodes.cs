namespace VmmAssess.Cli;

/// <summary>Process exit codes; scripts and CI pipelines key on them. When several apply, the lowest non-zero one wins.</summary>
public static class ExitCodes
{
    public const int Assessed = 0;
    public const int UsageError = 1;
    public const int InvalidSnapshot = 2;

    /// <summary>An assessment is at or below the readiness named by --fail-on (for scheduled jobs and pipelines).</summary>
    public const int ReadinessThreshold = 3;
}
