using Azure.Core;
using Azure.Core.Pipeline;

namespace VmmAssess.Functions.Infrastructure.Tables;

/// <summary>
/// Counts Table Storage HTTP requests (every attempt, retries included) made by the Azure SDK pipeline while a
/// scope is active on the current async flow. the snapshot processor opens one scope per message, so
/// a test can assert the number of round trips per processed snapshot and a benchmark can report it.
/// </summary>
public sealed class StorageRoundTrips
{
    private readonly AsyncLocal<Scope?> current = new();
    private long total;

    /// <summary>All requests since the process started.</summary>
    public long Total => Interlocked.Read(ref total);

    public Scope BeginScope()
    {
        var scope = new Scope(this, current.Value);
        current.Value = scope;
        return scope;
    }

    /// <summary>The pipeline policy to add (per retry) to the TableClientOptions of any client that should be counted.</summary>
    public HttpPipelinePolicy CreatePolicy() => new CountingPolicy(this);

    private void Record()
    {
        Interlocked.Increment(ref total);
        for (var scope = current.Value; scope is not null; scope = scope.Parent)
        {
            scope.Increment();
        }
    }

    public sealed class Scope : IDisposable
    {
        private readonly StorageRoundTrips owner;
        private int count;

        internal Scope(StorageRoundTrips owner, Scope? parent)
        {
            this.owner = owner;
            Parent = parent;
        }

        internal Scope? Parent { get; }

        public int Count => Volatile.Read(ref count);

        internal void Increment() => Interlocked.Increment(ref count);

        public void Dispose()
        {
            if (owner.current.Value == this)
            {
                owner.current.Value = Parent;
            }
        }
    }

    private sealed class CountingPolicy(StorageRoundTrips owner) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => owner.Record();
    }
}
