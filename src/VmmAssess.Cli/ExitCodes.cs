namespace VmmAssess.Cli;

/// <summary>Process exit codes; scripts and CI pipelines key on them.</summary>
public static class ExitCodes
{
    public const int Assessed = 0;
    public const int UsageError = 1;
    public const int InvalidSnapshot = 2;
}
