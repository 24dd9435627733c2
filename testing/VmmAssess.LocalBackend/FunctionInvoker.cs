using System.Collections.Immutable;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace VmmAssess.LocalBackend;

/// <summary>
/// Calls one function's entry point the way the isolated worker does: an instance of its class from a service scope
/// of its own (the worker creates one per invocation), the trigger's value, other parameters bound by name from the
/// trigger's data (route values for HTTP), a <see cref="FunctionContext"/> and the invocation's cancellation token.
/// </summary>
internal sealed class FunctionInvoker
{
    private readonly MethodInfo method;
    private readonly ParameterInfo[] parameters;

    public FunctionInvoker(FunctionEntry entry, MethodInfo method)
    {
        Entry = entry;
        this.method = method;
        parameters = method.GetParameters();
        ReturnType = UnwrapTask(method.ReturnType);
    }

    public FunctionEntry Entry { get; }

    public Type DeclaringType => method.DeclaringType!;

    /// <summary>What the function produces once awaited (<c>IResult</c> for <c>Task&lt;IResult&gt;</c>); <c>void</c> for a plain Task.</summary>
    public Type ReturnType { get; }

    public Type? TriggerParameterType => Array.Find(parameters, p => p.Name == Entry.TriggerParameter)?.ParameterType;

    /// <summary>The parameters that are neither the trigger, a FunctionContext nor a CancellationToken: bound by name.</summary>
    public IEnumerable<ParameterInfo> NamedParameters => parameters.Where(p => p.Name != Entry.TriggerParameter && p.ParameterType != typeof(FunctionContext) && p.ParameterType != typeof(CancellationToken));

    /// <summary>Where the ASP.NET Core integration keeps the request for <c>FunctionContext.GetHttpContext()</c>.</summary>
    private const string HttpContextItem = "HttpRequestContext";

    public async Task<object?> InvokeAsync(IServiceProvider scope, object? triggerValue, IReadOnlyDictionary<string, object?> bindingData, CancellationToken cancellationToken, HttpContext? httpContext = null)
    {
        var instance = method.IsStatic ? null : scope.GetService(DeclaringType) ?? throw new InvalidOperationException($"{DeclaringType} is not registered.");
        var context = new LocalFunctionContext(Entry.Name, bindingData, scope, cancellationToken);
        if (httpContext is not null)
        {
            context.Items[HttpContextItem] = httpContext;
        }

        var arguments = parameters.Select(p => p switch
        {
            _ when p.Name == Entry.TriggerParameter => triggerValue,
            _ when p.ParameterType == typeof(FunctionContext) => context,
            _ when p.ParameterType == typeof(CancellationToken) => cancellationToken,
            _ => Convert(p, bindingData.TryGetValue(p.Name!, out var value) ? value : null),
        }).ToArray();
        var returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, CultureInfo.InvariantCulture);
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                return ReturnType == typeof(void) ? null : task.GetType().GetProperty(nameof(Task<int>.Result))!.GetValue(task);
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            default:
                return returned;
        }
    }

    private static object? Convert(ParameterInfo parameter, object? value)
    {
        if (value is null || parameter.ParameterType.IsInstanceOfType(value))
        {
            return value ?? (parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType) : null);
        }

        return TypeDescriptor.GetConverter(parameter.ParameterType).ConvertFromInvariantString(System.Convert.ToString(value, CultureInfo.InvariantCulture)!);
    }

    private static Type UnwrapTask(Type type)
    {
        if (type == typeof(Task) || type == typeof(ValueTask))
        {
            return typeof(void);
        }

        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type;
    }

    /// <summary>An HTTP function must produce an ASP.NET Core <see cref="IResult"/> (what every function of the app does).</summary>
    public bool ProducesHttpResult => typeof(IResult).IsAssignableFrom(ReturnType);
}

/// <summary>A FunctionContext carrying the trigger's metadata (BindingData) as the Functions host sends it.</summary>
internal sealed class LocalFunctionContext(string functionName, IReadOnlyDictionary<string, object?> bindingData, IServiceProvider services, CancellationToken cancellationToken) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId { get; } = functionName;

    public override TraceContext TraceContext => throw new NotSupportedException("The local backend has no trace context.");

    public override BindingContext BindingContext { get; } = new LocalBindingContext(bindingData);

    public override RetryContext RetryContext => throw new NotSupportedException("The local backend has no retry context.");

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException("The local backend has no function definition.");

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException("The local backend has no invocation features.");

    public override CancellationToken CancellationToken { get; } = cancellationToken;

    private sealed class LocalBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = data.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
