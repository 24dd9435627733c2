using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VmmAssess.Core.Snapshots;

// The validator's JSONPaths (text only when an error names one) and the names of JSON kinds in its messages.
public sealed partial class SchemaValidator
{
    /// <summary>The JSONPath of the value being validated, as segments; turned into text only when an error names it.</summary>
    private sealed class JsonPath
    {
        private readonly List<Segment> segments = new(16);

        public void PushProperty(JsonProperty property) => segments.Add(new Segment(property, null, -1));

        public void PushName(string name) => segments.Add(new Segment(default, name, -1));

        public void PushIndex(int index) => segments.Add(new Segment(default, null, index));

        public void Pop() => segments.RemoveAt(segments.Count - 1);

        public override string ToString()
        {
            var text = new StringBuilder("$", 64);
            foreach (var segment in segments)
            {
                if (segment.Index >= 0)
                {
                    text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                }
                else
                {
                    text.Append('.').Append(segment.Name ?? segment.Property.Name);
                }
            }

            return text.ToString();
        }

        private readonly record struct Segment(JsonProperty Property, string? Name, int Index);
    }

    private static JsonKinds Classify(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonKinds.Object,
        JsonValueKind.Array => JsonKinds.Array,
        JsonValueKind.String => JsonKinds.String,
        JsonValueKind.Number => value.TryGetInt64(out _) ? JsonKinds.Integer : JsonKinds.Number,
        JsonValueKind.True or JsonValueKind.False => JsonKinds.Boolean,
        _ => JsonKinds.Null,
    };

    private static string Describe(JsonKinds kinds)
    {
        var names = new List<string>();
        foreach (var (flag, name) in KindNames)
        {
            if ((kinds & flag) != 0)
            {
                names.Add(name);
            }
        }

        return string.Join(" or ", names);
    }

    private static readonly (JsonKinds Flag, string Name)[] KindNames =
    [
        (JsonKinds.Object, "object"), (JsonKinds.Array, "array"), (JsonKinds.String, "string"),
        (JsonKinds.Integer, "integer"), (JsonKinds.Number, "number"), (JsonKinds.Boolean, "boolean"), (JsonKinds.Null, "null"),
    ];
}
