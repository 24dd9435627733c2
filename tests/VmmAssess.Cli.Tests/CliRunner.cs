using VmmAssess.Cli;

namespace VmmAssess.Cli.Tests;

internal sealed record CliRun(int ExitCode, string Stdout, string Stderr);

internal static class CliRunner
{
    public static readonly DateTimeOffset FixedNow = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    public static CliRun Run(params string[] args) => Run(args, new Dictionary<string, string?>());

    /// <summary>Runs with these environment variables only (none of the test process's own, such as COLUMNS).</summary>
    public static CliRun Run(string[] args, IReadOnlyDictionary<string, string?> environment)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApplication.Run(args, new CliEnvironment(stdout, stderr, new FixedClock(FixedNow), name => environment.GetValueOrDefault(name)));
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
