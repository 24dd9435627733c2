using System.Collections;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VmmAssess.Core.Assessment;

/// <summary>
/// Answers "is the data at this path missing?" on the snapshot model itself, through the source-generated contract
/// metadata (JSON names, property getters): the same answer as on the snapshot serialized to JSON (a property that is
/// null is left out, so absent and null are alike), without serializing the snapshot (3.3 MB at 5,000 hosts, once
/// per assessment that has an Unknown finding).
/// </summary>
internal static class ModelPaths
{
    private static readonly ConcurrentDictionary<object, string?> WireStrings = new();

    /// <summary>Missing: absent or null somewhere along the path (for arrays: in any selected item).</summary>
    public static bool IsMissing(object? value, JsonTypeInfo info, UnknownReasons.Segment[] path, int index)
    {
        if (value is null)
        {
            return true;
        }

        if (index == path.Length)
        {
            return false;
        }

        var segment = path[index];
        if (StepOf(info, segment.Name) is not { } step || step.Property.Get!(value) is not { } child)
        {
            return true;
        }

        if (!segment.Each)
        {
            return IsMissing(child, step.Info, path, index + 1);
        }

        if (step.ItemInfo is not { } itemInfo || child is not IEnumerable items)
        {
            return true;
        }

        foreach (var item in items)
        {
            if (segment.FilterField is { } field && !HasString(item, itemInfo, field, segment.FilterValue))
            {
                continue;
            }

            if (index + 1 < path.Length && IsMissing(item, itemInfo, path, index + 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A property of an object contract with the contracts of its value and, for a list, of its items.</summary>
    private sealed record Step(JsonPropertyInfo Property, JsonTypeInfo Info, JsonTypeInfo? ItemInfo);

    /// <summary>Steps by contract and JSON name, resolved once per process: the paths and contracts are fixed, and
    /// resolving them again for every item of every Unknown finding was most of an explanation's cost.</summary>
    private static readonly ConcurrentDictionary<(JsonTypeInfo Info, string Name), Step?> Steps = new();

    private static Step? StepOf(JsonTypeInfo info, string name) =>
        info.Kind != JsonTypeInfoKind.Object ? null : Steps.GetOrAdd((info, name), static key =>
        {
            foreach (var property in key.Info.Properties)
            {
                if (property.Name == key.Name && property.Get is not null)
                {
                    var valueInfo = key.Info.Options.GetTypeInfo(property.PropertyType);
                    var itemInfo = valueInfo.Kind == JsonTypeInfoKind.Enumerable ? key.Info.Options.GetTypeInfo(valueInfo.ElementType!) : null;
                    return new Step(property, valueInfo, itemInfo);
                }
            }

            return null;
        });

    /// <summary>Whether the item is an object whose <paramref name="field"/> is the JSON string <paramref name="expected"/>.</summary>
    private static bool HasString(object? item, JsonTypeInfo info, string field, string? expected)
    {
        if (item is null || StepOf(info, field) is not { } step || step.Property.Get!(item) is not { } value)
        {
            return false;
        }

        return value is string text
            ? text == expected
            : WireString(value, info.Options) == expected;
    }

    /// <summary>The value's JSON when it is a string (an enum's wire name), else null; cached per value (enums repeat).</summary>
    private static string? WireString(object value, JsonSerializerOptions options) =>
        value is Enum ? WireStrings.GetOrAdd(value, static (v, o) => AsString(v, o), options) : AsString(value, options);

    private static string? AsString(object value, JsonSerializerOptions options)
    {
        var element = JsonSerializer.SerializeToElement(value, options.GetTypeInfo(value.GetType()));
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
