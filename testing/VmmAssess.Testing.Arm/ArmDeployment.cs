using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VmmAssess.Testing.Arm;

/// <summary>
/// One (possibly nested) deployment of a compiled ARM template, evaluated offline: parameters (given or
/// default), variables, resource conditions, properties and outputs, with module outputs flowing between
/// sibling deployments. Values that exist only in Azure (principal ids, endpoints, keys) evaluate to
/// <see cref="Unknown"/> carrying the expression that would produce them, so tests can still say what
/// they come from. Covers the subset of template functions the Bicep compiler emits for infra/; anything
/// else throws, so a template change that the tests cannot follow fails loudly instead of passing silently.
/// </summary>
public sealed class ArmDeployment
{
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000000";
    public const string ResourceGroupName = "rg-vmmassess-test";
    public const string ResourceGroupLocation = "westeurope";
    public const string TenantId = "11111111-1111-1111-1111-111111111111";

    private readonly JsonElement _template;
    private readonly Dictionary<string, Func<object?>> _parameterValues;
    private readonly Dictionary<string, object?> _parameterCache = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, object?> _variableCache = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _evaluating = new(StringComparer.OrdinalIgnoreCase);
    private IReadOnlyList<ArmResource>? _resources;

    private ArmDeployment(string name, JsonElement template, Dictionary<string, Func<object?>> parameterValues, ArmDeployment? parent)
    {
        Name = name;
        _template = template;
        _parameterValues = parameterValues;
        Parent = parent;
    }

    public string Name { get; }

    public ArmDeployment? Parent { get; }

    public JsonElement Template => _template;

    public static string ResourceGroupId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}";

    /// <summary>The top-level deployment of <paramref name="template"/> with the given parameter values (others take their defaults).</summary>
    public static ArmDeployment Create(JsonElement template, IReadOnlyDictionary<string, object?> parameters)
    {
        var values = new Dictionary<string, Func<object?>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in parameters)
        {
            if (!template.GetProperty("parameters").TryGetProperty(name, out _))
            {
                throw new ArgumentException($"The template has no parameter '{name}'.", nameof(parameters));
            }

            values[name] = () => value;
        }

        return new ArmDeployment("(root)", template, values, parent: null);
    }

    public object? Parameter(string name)
    {
        if (_parameterCache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        if (!_template.GetProperty("parameters").TryGetProperty(name, out var declaration))
        {
            throw new KeyNotFoundException($"Deployment '{Name}' has no parameter '{name}'.");
        }

        object? value;
        if (_parameterValues.TryGetValue(name, out var supplied))
        {
            value = supplied();
        }
        else if (declaration.TryGetProperty("defaultValue", out var defaultValue))
        {
            value = Guarded("parameter " + name, () => Evaluate(defaultValue));
        }
        else
        {
            throw new InvalidOperationException($"Deployment '{Name}': parameter '{name}' has no value and no default.");
        }

        value = Normalize(value, declaration.GetProperty("type").GetString());
        if (declaration.TryGetProperty("allowedValues", out var allowed) && value is not Unknown)
        {
            var allowedValues = allowed.EnumerateArray().Select(FromJson).ToList();
            if (!allowedValues.Any(a => ValuesEqual(a, value)))
            {
                throw new ArgumentException($"Deployment '{Name}': {value} is not an allowed value of parameter '{name}'.");
            }
        }

        CheckBounds(name, declaration, value);
        _parameterCache[name] = value;
        return value;
    }

    /// <summary>What ARM checks before a deployment starts: minValue/maxValue of an int, minLength/maxLength of a string or array.</summary>
    private void CheckBounds(string name, JsonElement declaration, object? value)
    {
        if (value is long number)
        {
            if (declaration.TryGetProperty("minValue", out var min) && number < min.GetInt64())
            {
                throw new ArgumentException($"Deployment '{Name}': {number} is below the minimum {min.GetInt64()} of parameter '{name}'.");
            }

            if (declaration.TryGetProperty("maxValue", out var max) && number > max.GetInt64())
            {
                throw new ArgumentException($"Deployment '{Name}': {number} is above the maximum {max.GetInt64()} of parameter '{name}'.");
            }
        }

        long? length = value switch
        {
            string s => s.Length,
            IList<object?> l => l.Count,
            _ => null,
        };
        if (length is { } n)
        {
            if (declaration.TryGetProperty("minLength", out var min) && n < min.GetInt64())
            {
                throw new ArgumentException($"Deployment '{Name}': parameter '{name}' is shorter than its minimum length {min.GetInt64()}.");
            }

            if (declaration.TryGetProperty("maxLength", out var max) && n > max.GetInt64())
            {
                throw new ArgumentException($"Deployment '{Name}': parameter '{name}' is longer than its maximum length {max.GetInt64()}.");
            }
        }
    }

    public object? Variable(string name)
    {
        if (_variableCache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        if (!_template.TryGetProperty("variables", out var variables) || !variables.TryGetProperty(name, out var definition))
        {
            throw new KeyNotFoundException($"Deployment '{Name}' has no variable '{name}'.");
        }

        var value = Guarded("variable " + name, () => Evaluate(definition));
        _variableCache[name] = value;
        return value;
    }

    /// <summary>Resources declared directly in this template (including those whose condition is false).</summary>
    public IReadOnlyList<ArmResource> Resources => _resources ??= LoadResources();

    /// <summary>Every resource that this deployment creates, through nested deployments, whose condition holds.</summary>
    public IEnumerable<ArmResource> DeployedResources()
    {
        foreach (var resource in Resources)
        {
            if (!resource.IsDeployed)
            {
                continue;
            }

            yield return resource;
            if (resource.NestedDeployment is { } nested)
            {
                foreach (var inner in nested.DeployedResources())
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>This deployment and every nested deployment below it.</summary>
    public IEnumerable<ArmDeployment> SelfAndNestedDeployments()
    {
        yield return this;
        foreach (var resource in Resources)
        {
            if (resource.NestedDeployment is { } nested)
            {
                foreach (var inner in nested.SelfAndNestedDeployments())
                {
                    yield return inner;
                }
            }
        }
    }

    public IReadOnlyList<string> OutputNames =>
        _template.TryGetProperty("outputs", out var outputs) ? outputs.EnumerateObject().Select(o => o.Name).ToList() : [];

    public JsonElement OutputDeclaration(string name) => _template.GetProperty("outputs").GetProperty(name);

    public object? Output(string name)
    {
        var declaration = OutputDeclaration(name);
        return Guarded("output " + name, () => Evaluate(declaration.GetProperty("value")));
    }

    public ArmDeployment NestedDeployment(string name) =>
        Resources.FirstOrDefault(r => r.Type == "Microsoft.Resources/deployments" && Equals(r.Name, name))?.NestedDeployment
        ?? throw new KeyNotFoundException($"Deployment '{Name}' has no nested deployment '{name}'.");

    /// <summary>Evaluates a template value: expressions in strings (and object keys) are evaluated, everything else is copied.</summary>
    public object? Evaluate(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return EvaluateString(element.GetString()!);
            case JsonValueKind.Object:
                var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in element.EnumerateObject())
                {
                    var key = EvaluateString(property.Name);
                    result[key?.ToString() ?? ""] = Evaluate(property.Value);
                }

                return result;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(Evaluate).ToList();
            default:
                return FromJson(element);
        }
    }

    public object? EvaluateString(string text)
    {
        if (text.StartsWith("[[", StringComparison.Ordinal))
        {
            return text[1..];
        }

        if (text.Length >= 2 && text[0] == '[' && text[^1] == ']')
        {
            return EvaluateNode(ArmExpressionParser.Parse(text[1..^1]));
        }

        return text;
    }

    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetInt64(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.OrdinalIgnoreCase),
        _ => throw new NotSupportedException(element.ValueKind.ToString()),
    };

    public static bool ValuesEqual(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase),
        (long x, long y) => x == y,
        (bool x, bool y) => x == y,
        (null, null) => true,
        _ => false,
    };

    public static string Display(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        Unknown u => u.ToString(),
        IDictionary<string, object?> map => "{" + string.Join(", ", map.Select(kv => kv.Key + ": " + Display(kv.Value))) + "}",
        IEnumerable<object?> list => "[" + string.Join(", ", list.Select(Display)) + "]",
        _ => value.ToString() ?? "",
    };

    private List<ArmResource> LoadResources()
    {
        var resources = _template.GetProperty("resources");
        if (resources.ValueKind != JsonValueKind.Array)
        {
            throw new NotSupportedException("Symbolic-name templates (languageVersion 2.0) are not supported by these tests.");
        }

        var list = new List<ArmResource>();
        foreach (var raw in resources.EnumerateArray())
        {
            if (raw.TryGetProperty("copy", out _))
            {
                throw new NotSupportedException("Resource copy loops are not supported by these tests.");
            }

            ArmDeployment? nested = null;
            var type = raw.GetProperty("type").GetString()!;
            if (type == "Microsoft.Resources/deployments")
            {
                nested = CreateNested(raw);
            }

            list.Add(new ArmResource(this, raw, nested));
        }

        return list;
    }

    private ArmDeployment CreateNested(JsonElement raw)
    {
        var properties = raw.GetProperty("properties");
        if (!properties.TryGetProperty("expressionEvaluationOptions", out var options)
            || options.GetProperty("scope").GetString() != "inner")
        {
            throw new NotSupportedException("Nested deployments must use inner expression evaluation scope (Bicep modules do).");
        }

        var name = EvaluateString(raw.GetProperty("name").GetString()!)?.ToString() ?? "";
        var values = new Dictionary<string, Func<object?>>(StringComparer.OrdinalIgnoreCase);
        if (properties.TryGetProperty("parameters", out var parameters))
        {
            foreach (var parameter in parameters.EnumerateObject())
            {
                var declaration = parameter.Value;
                values[parameter.Name] = declaration.ValueKind == JsonValueKind.String
                    // Bicep emits a whole parameter as one expression when its value is conditional:
                    // "[if(cond, createObject('value', a), createObject('value', b))]".
                    ? () => Member(Evaluate(declaration), "value")
                    : () => Evaluate(declaration.GetProperty("value"));
            }
        }

        return new ArmDeployment(name, properties.GetProperty("template"), values, this);
    }

    private T Guarded<T>(string what, Func<T> evaluate)
    {
        if (!_evaluating.Add(what))
        {
            throw new InvalidOperationException($"Deployment '{Name}': {what} depends on itself.");
        }

        try
        {
            return evaluate();
        }
        finally
        {
            _evaluating.Remove(what);
        }
    }

    private static object? Normalize(object? value, string? type)
    {
        // azd passes parameter values from main.parameters.json as strings; ARM converts them.
        if (value is string s && string.Equals(type, "bool", StringComparison.OrdinalIgnoreCase) && bool.TryParse(s, out var b))
        {
            return b;
        }

        if (value is string n && string.Equals(type, "int", StringComparison.OrdinalIgnoreCase) && long.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        return value is int i ? (long)i : value;
    }

    private object? EvaluateNode(ArmNode node) => node switch
    {
        StringNode s => s.Value,
        IntNode i => i.Value,
        MemberNode m => Member(EvaluateNode(m.Target), m.Name),
        IndexNode ix => Index(EvaluateNode(ix.Target), EvaluateNode(ix.Index)),
        CallNode call => Call(call),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static object? Member(object? target, string name) => target switch
    {
        Unknown u => new Unknown(u.Text + "." + name),
        IDictionary<string, object?> map when map.TryGetValue(name, out var value) => value,
        _ => throw new KeyNotFoundException($"No property '{name}' on {Display(target)}."),
    };

    private static object? Index(object? target, object? index) => (target, index) switch
    {
        (Unknown u, _) => new Unknown($"{u.Text}[{Display(index)}]"),
        (_, Unknown u) => new Unknown($"{Display(target)}[{u.Text}]"),
        (IList<object?> list, long i) => list[(int)i],
        (IDictionary<string, object?> map, string key) => map[key],
        _ => throw new NotSupportedException($"Cannot index {Display(target)} with {Display(index)}."),
    };

    private object? Call(CallNode call)
    {
        var name = call.Name;

        // Functions that take their arguments unevaluated or handle unknowns themselves.
        switch (name.ToLowerInvariant())
        {
            case "if":
                {
                    var condition = EvaluateNode(call.Arguments[0]);
                    return condition switch
                    {
                        bool b => EvaluateNode(call.Arguments[b ? 1 : 2]),
                        _ => new Unknown($"if({Display(condition)}, …)"),
                    };
                }
        }

        var args = call.Arguments.Select(EvaluateNode).ToList();
        switch (name.ToLowerInvariant())
        {
            case "parameters":
                return Parameter((string)args[0]!);
            case "variables":
                return Variable((string)args[0]!);
            case "format":
                return Format((string)args[0]!, args.Skip(1).ToList());
            case "uniquestring":
                return UniqueString(args);
            case "guid":
                // A name seeded by a runtime value (a principal id) is itself only known in Azure.
                return args.OfType<Unknown>().Any()
                    ? new Unknown($"guid({string.Join(", ", args.Select(Display))})")
                    : DeterministicGuid(args);
            case "fail":
                throw new ArmDeploymentFailedException(Display(args[0]));
            case "tenant":
                return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["tenantId"] = TenantId };
            case "environment":
                // Azure public cloud.
                return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
                {
                    ["name"] = "AzureCloud",
                    ["suffixes"] = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["storage"] = "core.windows.net" },
                    ["authentication"] = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["loginEndpoint"] = "https://login.microsoftonline.com/" },
                };
            case "resourceid":
                return ResourceId(ResourceGroupId, args);
            case "subscriptionresourceid":
                return ResourceId($"/subscriptions/{SubscriptionId}", args);
            case "subscription":
                return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
                {
                    ["id"] = $"/subscriptions/{SubscriptionId}",
                    ["subscriptionId"] = SubscriptionId,
                };
            case "resourcegroup":
                return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
                {
                    ["id"] = ResourceGroupId,
                    ["name"] = ResourceGroupName,
                    ["location"] = ResourceGroupLocation,
                };
            case "reference":
                return Reference(args);
            case "createobject":
                {
                    var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    for (var i = 0; i + 1 < args.Count; i += 2)
                    {
                        map[Display(args[i])] = args[i + 1];
                    }

                    return map;
                }

            case "createarray":
                return args;
            case "null":
                return null;
            case "true":
                return true;
            case "false":
                return false;
        }

        if (args.OfType<Unknown>().Any())
        {
            return new Unknown($"{name}({string.Join(", ", args.Select(Display))})");
        }

        return name.ToLowerInvariant() switch
        {
            "not" => !(bool)args[0]!,
            "and" => args.All(a => (bool)a!),
            "or" => args.Any(a => (bool)a!),
            "equals" => ValuesEqual(args[0], args[1]),
            "empty" => args[0] switch
            {
                null => true,
                string s => s.Length == 0,
                IList<object?> l => l.Count == 0,
                IDictionary<string, object?> m => m.Count == 0,
                _ => false,
            },
            "length" => args[0] switch
            {
                string s => (long)s.Length,
                IList<object?> l => (long)l.Count,
                IDictionary<string, object?> m => (long)m.Count,
                _ => throw new NotSupportedException("length"),
            },
            "tolower" => ((string)args[0]!).ToLowerInvariant(),
            "toupper" => ((string)args[0]!).ToUpperInvariant(),
            "string" => args[0] is string s ? s : Display(args[0]),
            "int" => Convert.ToInt64(args[0], CultureInfo.InvariantCulture),
            "mul" => (long)args[0]! * (long)args[1]!,
            "add" => (long)args[0]! + (long)args[1]!,
            "sub" => (long)args[0]! - (long)args[1]!,
            "div" => (long)args[0]! / (long)args[1]!,
            "min" => args.Cast<long>().Min(),
            "max" => args.Cast<long>().Max(),
            "cidrsubnet" => CidrSubnet((string)args[0]!, (long)args[1]!, (long)args[2]!),
            "concat" => args.All(a => a is IList<object?>)
                ? args.Cast<IList<object?>>().SelectMany(l => l).ToList()
                : string.Concat(args.Select(Display)),
            "replace" => ((string)args[0]!).Replace((string)args[1]!, (string)args[2]!, StringComparison.Ordinal),
            "split" => ((string)args[0]!).Split((string)args[1]!).Cast<object?>().ToList(),
            "take" => args[0] is string ts ? ts[..(int)Math.Min(ts.Length, (long)args[1]!)] : ((IList<object?>)args[0]!).Take((int)(long)args[1]!).ToList(),
            "union" => Union(args),
            "coalesce" => args.FirstOrDefault(a => a is not null),
            "contains" => args[0] switch
            {
                string s => s.Contains((string)args[1]!, StringComparison.OrdinalIgnoreCase),
                IList<object?> l => l.Any(x => ValuesEqual(x, args[1])),
                IDictionary<string, object?> m => m.ContainsKey((string)args[1]!),
                _ => false,
            },
            _ => throw new NotSupportedException($"Template function '{name}' is not supported by the test evaluator."),
        };
    }

    private static Dictionary<string, object?> Union(List<object?> args)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var arg in args)
        {
            foreach (var (key, value) in (IDictionary<string, object?>)arg!)
            {
                result[key] = value;
            }
        }

        return result;
    }

    private object? Reference(List<object?> args)
    {
        if (args[0] is string id && id.Contains("/providers/Microsoft.Resources/deployments/", StringComparison.OrdinalIgnoreCase))
        {
            var deploymentName = id[(id.LastIndexOf('/') + 1)..];
            var nested = NestedDeployment(deploymentName);
            var outputs = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var output in nested.OutputNames)
            {
                outputs[output] = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["value"] = nested.Output(output) };
            }

            return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["outputs"] = outputs };
        }

        // A runtime property of a resource: only Azure knows it.
        return new Unknown($"reference({Display(args[0])})");
    }

    private static string Format(string format, List<object?> args)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                builder.Append('{');
                i++;
            }
            else if (format[i] == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                builder.Append('}');
                i++;
            }
            else if (format[i] == '{')
            {
                var end = format.IndexOf('}', i);
                var index = int.Parse(format[(i + 1)..end], CultureInfo.InvariantCulture);
                builder.Append(Display(args[index]));
                i = end;
            }
            else
            {
                builder.Append(format[i]);
            }
        }

        return builder.ToString();
    }

    private static string ResourceId(string prefix, List<object?> args)
    {
        // resourceId([subscriptionId], [resourceGroupName], type, name1, name2, ...): the type is the first
        // argument with a '/' in it.
        var typeIndex = args.FindIndex(a => a is string s && s.Contains('/', StringComparison.Ordinal));
        var type = (string)args[typeIndex]!;
        var names = args.Skip(typeIndex + 1).Select(Display).ToList();
        var segments = type.Split('/');
        if (segments.Length - 1 != names.Count)
        {
            throw new ArgumentException($"resourceId: type '{type}' needs {segments.Length - 1} name(s), got {names.Count}.");
        }

        var builder = new StringBuilder(prefix).Append("/providers/").Append(segments[0]);
        for (var i = 1; i < segments.Length; i++)
        {
            builder.Append('/').Append(segments[i]).Append('/').Append(names[i - 1]);
        }

        return builder.ToString();
    }

    /// <summary>ARM's cidrSubnet(network, newCidr, index) for IPv4.</summary>
    private static string CidrSubnet(string network, long newCidr, long index)
    {
        var parts = network.Split('/');
        var prefix = int.Parse(parts[1], CultureInfo.InvariantCulture);
        if (newCidr < prefix || newCidr > 32)
        {
            throw new ArgumentException($"cidrSubnet: /{newCidr} does not fit in {network}.");
        }

        var address = parts[0].Split('.').Aggregate(0u, (a, octet) => (a << 8) | uint.Parse(octet, CultureInfo.InvariantCulture));
        var networkMask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        var size = 1ul << (int)(32 - newCidr);
        if (index < 0 || (ulong)index >= 1ul << (int)(newCidr - prefix))
        {
            throw new ArgumentException($"cidrSubnet: {network} has no /{newCidr} number {index}.");
        }

        var subnet = (uint)((address & networkMask) + ((ulong)index * size));
        return $"{subnet >> 24}.{(subnet >> 16) & 255}.{(subnet >> 8) & 255}.{subnet & 255}/{newCidr}";
    }

    private static string UniqueString(List<object?> args)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", args.Select(Display))));
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var builder = new StringBuilder();
        for (var i = 0; i < 13; i++)
        {
            builder.Append(alphabet[hash[i] % alphabet.Length]);
        }

        return builder.ToString();
    }

    private static string DeterministicGuid(List<object?> args)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", args.Select(Display))));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}

/// <summary>A deployment that ARM would stop with <c>fail(message)</c>: the template refused its parameters.</summary>
public sealed class ArmDeploymentFailedException(string message) : Exception(message);

/// <summary>A resource declaration of one deployment, evaluated in that deployment's context.</summary>
public sealed class ArmResource
{
    private Dictionary<string, object?>? _evaluated;

    internal ArmResource(ArmDeployment deployment, JsonElement raw, ArmDeployment? nested)
    {
        Deployment = deployment;
        Raw = raw;
        NestedDeployment = nested;
        Type = raw.GetProperty("type").GetString()!;
    }

    public ArmDeployment Deployment { get; }

    public JsonElement Raw { get; }

    public ArmDeployment? NestedDeployment { get; }

    public string Type { get; }

    public object? Name => Deployment.EvaluateString(Raw.GetProperty("name").GetString()!);

    /// <summary>The evaluated condition: true when there is none.</summary>
    public object? Condition => Raw.TryGetProperty("condition", out var condition) ? Deployment.Evaluate(condition) : true;

    /// <summary>True when the condition evaluates to true; an unknown condition is an error.</summary>
    public bool IsDeployed => Condition switch
    {
        bool b => b,
        var other => throw new InvalidOperationException($"Condition of {Type} '{Name}' cannot be decided offline: {ArmDeployment.Display(other)}."),
    };

    /// <summary>The whole resource declaration evaluated (a nested deployment's template is left out).</summary>
    public IReadOnlyDictionary<string, object?> Evaluated => _evaluated ??= Evaluate();

    public object? Scope => Raw.TryGetProperty("scope", out var scope) ? Deployment.Evaluate(scope) : null;

    public IReadOnlyDictionary<string, object?> Properties =>
        Evaluated.TryGetValue("properties", out var p) && p is IReadOnlyDictionary<string, object?> map ? map : new Dictionary<string, object?>();

    /// <summary>Value at a dotted path below the evaluated resource, e.g. <c>properties.siteConfig.minTlsVersion</c>.</summary>
    public object? Get(string path)
    {
        object? current = Evaluated;
        foreach (var segment in path.Split('.'))
        {
            if (current is not IDictionary<string, object?> map || !map.TryGetValue(segment, out current))
            {
                throw new KeyNotFoundException($"{Type} '{Name}' has no '{path}' (missing '{segment}').");
            }
        }

        return current;
    }

    public override string ToString() => $"{Type} '{ArmDeployment.Display(Name)}' in {Deployment.Name}";

    private Dictionary<string, object?> Evaluate()
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in Raw.EnumerateObject())
        {
            if (NestedDeployment is not null && property.NameEquals("properties"))
            {
                continue;
            }

            result[property.Name] = Deployment.Evaluate(property.Value);
        }

        return result;
    }
}
