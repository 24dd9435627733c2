using System.Diagnostics;
using System.Text.Json;
using VmmAssess.Testing.Arm;

namespace VmmAssess.Infra.Tests;

/// <summary>
/// The compiled ARM JSON of infra/main.bicep (infra/out/main.json, written by infra/check.sh). When it is
/// missing or older than any template or the Bicep configuration, the tests run infra/check.sh themselves
/// (restore the Bicep CLI, build, lint), so they also work on their own on a fresh clone.
/// </summary>
public static class CompiledInfra
{
    private static readonly Lazy<JsonDocument> Main = new(LoadMain, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string InfraDirectory => Path.Combine(RepositoryRoot, "infra");

    public static string MainJsonPath => Path.Combine(InfraDirectory, "out", "main.json");

    public static JsonElement MainTemplate => Main.Value.RootElement;

    /// <summary>The raw compiled main template text.</summary>
    public static string MainTemplateText => File.ReadAllText(MainJsonPath);

    /// <summary>Parameters every deployment needs (no default in the template).</summary>
    public static IReadOnlyDictionary<string, object?> RequiredParameters { get; } =
        new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["environmentName"] = "test", ["apiAudience"] = ApiAudience };

    /// <summary>The API audience the tests deploy with.</summary>
    public const string ApiAudience = "api://vmmassess-test";

    /// <summary>The top-level deployment with the template defaults, changed by <paramref name="overrides"/>.</summary>
    public static ArmDeployment Deploy(params (string Name, object? Value)[] overrides)
    {
        var parameters = new Dictionary<string, object?>(RequiredParameters, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in overrides)
        {
            parameters[name] = value;
        }

        return ArmDeployment.Create(MainTemplate, parameters);
    }

    /// <summary>The parameter values of a compiled parameters file, infra/out/params/&lt;name&gt;.json (from infra/params/&lt;name&gt;.bicepparam).</summary>
    public static (string Name, object? Value)[] ParametersFile(string name)
    {
        _ = Main.Value; // builds infra/out when it is missing or stale
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(InfraDirectory, "out", "params", name + ".json")));
        return file.RootElement.GetProperty("parameters").EnumerateObject()
            .Select(p => (p.Name, ArmDeployment.FromJson(p.Value.GetProperty("value"))))
            .ToArray();
    }

    private static JsonDocument LoadMain()
    {
        if (NeedsBuild())
        {
            RunCheckScript();
        }

        return JsonDocument.Parse(File.ReadAllText(MainJsonPath));
    }

    private static bool NeedsBuild()
    {
        if (!File.Exists(MainJsonPath))
        {
            return true;
        }

        var compiledAt = File.GetLastWriteTimeUtc(MainJsonPath);
        var inputs = Directory.EnumerateFiles(InfraDirectory, "*.bicep*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(InfraDirectory, "out"), StringComparison.Ordinal))
            .Append(Path.Combine(InfraDirectory, "bicepconfig.json"));
        return inputs.Any(f => File.GetLastWriteTimeUtc(f) > compiledAt);
    }

    private static void RunCheckScript()
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(InfraDirectory, "check.sh"));

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash infra/check.sh.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("infra/check.sh did not finish within 10 minutes.");
        }

        if (process.ExitCode != 0 || !File.Exists(MainJsonPath))
        {
            throw new InvalidOperationException(
                $"infra/check.sh failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VmmAssessFunctions.sln"))
                && Directory.Exists(Path.Combine(directory.FullName, "infra")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Repository root (VmmAssessFunctions.sln + infra/) not found above {AppContext.BaseDirectory}.");
    }
}
