using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace VmmAssess.Functions.Tests.Infrastructure;

/// <summary>Snapshot documents for tests, derived from the committed samples.</summary>
internal static class Snapshots
{
    public const string Contoso = "contoso-2012r2-to-2016.json";
    public const string Fabrikam = "fabrikam-2019-ha-to-2022.json";
    public const string Northwind = "northwind-2022-to-2025.json";

    public static JsonObject Load(string sample = Fabrikam) =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.File("samples", "snapshots", sample)))!.AsObject();

    public static JsonObject Create(string tenantId, string environmentId, DateTimeOffset? collectedAt = null, Guid? snapshotId = null, string sample = Fabrikam, int? hosts = null)
    {
        var snapshot = Load(sample);
        snapshot["tenantId"] = tenantId;
        snapshot["environmentId"] = environmentId;
        snapshot["snapshotId"] = (snapshotId ?? Guid.NewGuid()).ToString("D");
        snapshot["collectedAt"] = (collectedAt ?? new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero)).ToString("O", CultureInfo.InvariantCulture);
        if (hosts is { } count)
        {
            var template = snapshot["hosts"]!.AsArray()[0]!;
            var list = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                var host = template.DeepClone().AsObject();
                host["name"] = $"HV{i:D5}.{environmentId}.example";
                host["cluster"] = $"CL{i / 64:D3}";
                list.Add(host);
            }

            snapshot["hosts"] = list;
        }

        return snapshot;
    }

    public static Guid Id(JsonObject snapshot) => Guid.Parse((string)snapshot["snapshotId"]!);

    public static byte[] Bytes(JsonObject snapshot) => Encoding.UTF8.GetBytes(snapshot.ToJsonString());

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
