using VmmAssess.Cli;

namespace VmmAssess.Cli.Tests;

internal sealed record CliRun(int ExitCode, string Stdout, string Stderr);

internal static class CliRunner
{
    public static readonly DateTimeOffset FixedNow = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    public static CliRun Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApplication.Run(args, stdout, stderr, new FixedClock(FixedNow));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public static string RepoRoot { get; } = FindRoot();

    public static string Sample(string name) => Path.Combine(RepoRoot, "samples", "snapshots", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VmmAssessFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (VmmAssessFunctions.sln) above " + AppContext.BaseDirectory);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
