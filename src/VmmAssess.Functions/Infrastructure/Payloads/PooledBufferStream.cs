using System.Buffers;

namespace VmmAssess.Functions.Infrastructure.Payloads;

/// <summary>
/// A write-only stream over arrays rented from <see cref="ArrayPool{T}.Shared"/>: scratch space for bytes that are
/// copied elsewhere or only read before the buffer is disposed (a compressed document before it is split into table
/// columns, a request body before it is parsed), so the same memory serves request after request instead of a new
/// array, and a doubling <see cref="MemoryStream"/>'s copies, each time. Dispose returns the array to the pool: the
/// written bytes must not be used after that.
/// </summary>
public sealed class PooledBufferStream : Stream
{
    private byte[] buffer;
    private int length;

    public PooledBufferStream(int initialCapacity = 4096) => buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));

    public ReadOnlySpan<byte> WrittenSpan => buffer.AsSpan(0, length);

    public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => length;

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    /// <summary>The free space after the written bytes, at least <paramref name="sizeHint"/> long: fill it, then <see cref="Advance"/>.</summary>
    public Memory<byte> GetMemory(int sizeHint)
    {
        Ensure(Math.Max(sizeHint, 1));
        return buffer.AsMemory(length);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length - length);
        length += count;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Ensure(buffer.Length);
        buffer.CopyTo(this.buffer.AsSpan(length));
        length += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
            length = 0;
        }

        base.Dispose(disposing);
    }

    private void Ensure(int more)
    {
        if (buffer.Length - length >= more)
        {
            return;
        }

        var needed = (long)length + more;
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"A buffer of {needed} bytes is beyond what one array holds.");
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * buffer.Length)));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
