using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;

namespace VmmAssess.Functions.Tests.Infrastructure;

/// <summary>A FunctionContext carrying trigger metadata (BindingData) the way the host sends it.</summary>
internal sealed class TestFunctionContext(IReadOnlyDictionary<string, object?> bindingData, IServiceProvider services, CancellationToken cancellationToken = default) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId { get; } = "ProcessSnapshot";

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext { get; } = new TestBindingContext(bindingData);

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException();

    public override CancellationToken CancellationToken { get; } = cancellationToken;

    private sealed class TestBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = data.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
