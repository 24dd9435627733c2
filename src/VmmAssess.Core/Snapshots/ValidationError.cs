namespace VmmAssess.Core.Snapshots;

/// <summary>One problem in a snapshot, located by a JSONPath such as <c>$.hosts[3].os.build</c>.</summary>
public sealed record ValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
