namespace VmmAssess.Core.Tests.TestData;

/// <summary>Files of the repository (samples, the published schema, docs), found by walking up to the solution file.</summary>
public static class RepoFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VmmAssessFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"VmmAssessFunctions.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string SchemaPath => PathOf("schemas", "snapshot-v1.schema.json");

    public static IReadOnlyList<string> SamplePaths =>
        Directory.GetFiles(PathOf("samples", "snapshots"), "*.json").OrderBy(p => p, StringComparer.Ordinal).ToArray();

    public static string SamplePath(string name) => PathOf("samples", "snapshots", name + ".json");

    public static byte[] Sample(string name) => File.ReadAllBytes(SamplePath(name));
}
