using System.Text.Json;

namespace VmmAssess.LocalBackend;

/// <summary>backend.json in the state folder: where the running local backend listens, so the <c>token</c> command can
/// create grants and collector keys through it. Written once the backend is ready, removed when it stops.</summary>
internal sealed record LocalState(Uri Url, int ProcessId)
{
    public const string FileName = "backend.json";

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, FileName);

    public void Write(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = PathIn(stateDirectory);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new { url = Url.ToString(), processId = ProcessId }));
        File.Move(temporary, path, overwrite: true);
    }

    public static LocalState? Read(string stateDirectory)
    {
        var path = PathIn(stateDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return new LocalState(new Uri(document.RootElement.GetProperty("url").GetString()!), document.RootElement.GetProperty("processId").GetInt32());
    }

    /// <summary>Removes the file only if it still describes this process (another backend may have started since).</summary>
    public void Remove(string stateDirectory)
    {
        try
        {
            if (Read(stateDirectory) is { } current && current.ProcessId == ProcessId)
            {
                File.Delete(PathIn(stateDirectory));
            }
        }
        catch (IOException)
        {
        }
        catch (JsonException)
        {
        }
    }
}
