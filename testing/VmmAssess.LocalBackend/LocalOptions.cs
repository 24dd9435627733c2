using System.Globalization;

namespace VmmAssess.LocalBackend;

internal sealed class UsageException(string message) : Exception(message);

/// <summary>The command line of scripts/local.sh (passed through unchanged).</summary>
internal sealed record LocalOptions
{
    public const string StateDirectoryVariable = "VMMASSESS_LOCAL_DIR";
    public const int DefaultPort = 7071;

    public const string Usage = """
        usage: bash scripts/local.sh [--demo] [--port N] [--no-build] [--verbose]
               bash scripts/local.sh token --role Operator|PortfolioReader|TenantReader|Collector [--tenant T]...
                                           [--environment E]... [--principal GUID] [--url URL]
        The state folder (issuer key, running backend's address) is artifacts/local, or $VMMASSESS_LOCAL_DIR.
        """;

    public string Command { get; init; } = "serve";

    public bool Demo { get; init; }

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    public bool Verbose { get; init; }

    public string? Role { get; init; }

    public IReadOnlyList<string> Tenants { get; init; } = [];

    public IReadOnlyList<string> Environments { get; init; } = [];

    public Guid? Principal { get; init; }

    public Uri? Url { get; init; }

    public string RepositoryRoot { get; init; } = FindRepositoryRoot();

    public string StateDirectory { get; init; } = "";

    public static LocalOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LocalOptions();
        var tenants = new List<string>();
        var environments = new List<string>();
        var i = 0;
        if (args.Count > 0 && args[0] == "token")
        {
            options = options with { Command = "token" };
            i = 1;
        }

        string Value(string name) => ++i < args.Count ? args[i] : throw new UsageException($"{name} needs a value.");
        for (; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--demo" when options.Command == "serve":
                    options = options with { Demo = true };
                    break;
                case "--port" when options.Command == "serve":
                    options = options with { Port = int.TryParse(Value(arg), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port : throw new UsageException("--port must be 0 to 65535.") };
                    break;
                case "--verbose" when options.Command == "serve":
                    options = options with { Verbose = true };
                    break;
                case "--role" when options.Command == "token":
                    options = options with { Role = Value(arg) };
                    break;
                case "--tenant" when options.Command == "token":
                    tenants.Add(Value(arg));
                    break;
                case "--environment" when options.Command == "token":
                    environments.Add(Value(arg));
                    break;
                case "--principal" when options.Command == "token":
                    options = options with { Principal = Guid.TryParseExact(Value(arg), "D", out var p) ? p : throw new UsageException("--principal must be a GUID.") };
                    break;
                case "--url" when options.Command == "token":
                    options = options with { Url = Uri.TryCreate(Value(arg), UriKind.Absolute, out var u) ? u : throw new UsageException("--url must be an absolute URL.") };
                    break;
                default:
                    throw new UsageException($"unknown argument '{arg}'.");
            }
        }

        var state = Environment.GetEnvironmentVariable(StateDirectoryVariable) is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.Combine(options.RepositoryRoot, "artifacts", "local");
        return options with { Tenants = tenants, Environments = environments, StateDirectory = state };
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VmmAssessFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (VmmAssessFunctions.sln) was not found above " + AppContext.BaseDirectory);
    }
}
