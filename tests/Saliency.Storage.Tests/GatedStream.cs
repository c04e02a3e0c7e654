namespace Saliency.Storage.Tests;

/// <summary>
/// A read-only stream over bytes that stops after <c>openBytes</c> bytes until <see cref="Open"/> is called, and
/// signals <see cref="Paused"/> when it waits there: lets a test act while an upload is half done.
/// Seekable (a store may rewind it to retry), like the file streams that real uploads read.
/// </summary>
internal sealed class GatedStream(byte[] content, int openBytes) : Stream
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _position;

    public Task Paused => _paused.Task;

    public void Open() => _gate.TrySetResult();

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => content.Length;

    public override long Position { get => _position; set => _position = (int)value; }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= openBytes && !_gate.Task.IsCompleted)
        {
            _paused.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var limit = _gate.Task.IsCompleted ? content.Length : openBytes;
        var n = Math.Min(buffer.Length, limit - _position);
        content.AsMemory(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => content.Length + offset,
    };

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
