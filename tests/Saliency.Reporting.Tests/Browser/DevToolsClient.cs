using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;

namespace Saliency.Reporting.Tests.Browser;

/// <summary>One event of the Chrome DevTools protocol: its method, the session it belongs to (null = browser) and its parameters.</summary>
internal sealed record DevToolsEvent(string Method, string? SessionId, JsonElement Params);

/// <summary>
/// A minimal Chrome DevTools protocol client over one WebSocket (System.Net.WebSockets + System.Text.Json): commands
/// with ids and their replies, and every event kept in arrival order. Sessions are "flat" (commands to a page carry
/// its <c>sessionId</c>, Target.attachToTarget with <c>flatten: true</c>).
/// </summary>
internal sealed class DevToolsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly List<DevToolsEvent> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private DevToolsClient()
    {
    }

    public static async Task<DevToolsClient> ConnectAsync(Uri url, CancellationToken cancel)
    {
        var client = new DevToolsClient();
        client._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await client._socket.ConnectAsync(url, cancel);
        client._receiving = Task.Run(client.ReceiveLoopAsync);
        return client;
    }

    /// <summary>Sends a command and returns its <c>result</c>; a protocol error becomes an exception naming the command.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters, string? sessionId, CancellationToken cancel)
    {
        int id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new Dictionary<string, object?> { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new { } };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(message);
        await _send.WaitAsync(cancel);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancel);
        }
        finally
        {
            _send.Release();
        }

        var response = await reply.Task.WaitAsync(cancel);
        if (response.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"DevTools {method} failed: {error.GetRawText()}");
        }

        return response.GetProperty("result");
    }

    /// <summary>The events received so far, in order.</summary>
    public IReadOnlyList<DevToolsEvent> Events()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    /// <summary>Waits until an event satisfying <paramref name="match"/> has arrived (also one that arrived before the call).</summary>
    public async Task<DevToolsEvent> WaitForAsync(Func<DevToolsEvent, bool> match, CancellationToken cancel)
    {
        while (true)
        {
            if (Events().FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (_receiving.IsCompleted)
            {
                throw new InvalidOperationException("The DevTools connection closed while waiting for an event.", _receiving.Exception);
            }

            await Task.Delay(20, cancel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, close.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the browser is killed next anyway
        }

        try
        {
            await _receiving;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // closing
        }

        _socket.Dispose();
        _stop.Dispose();
        _send.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            await ReceiveAllAsync();
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("The DevTools connection closed before the reply."));
            }
        }
    }

    private async Task ReceiveAllAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            var result = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            JsonElement root;
            using (var document = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length)))
            {
                root = document.RootElement.Clone();
            }

            message.SetLength(0);
            if (root.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var reply))
            {
                reply.TrySetResult(root);
            }
            else if (root.TryGetProperty("method", out var method))
            {
                var session = root.TryGetProperty("sessionId", out var s) ? s.GetString() : null;
                var parameters = root.TryGetProperty("params", out var p) ? p : default;
                lock (_events)
                {
                    _events.Add(new DevToolsEvent(method.GetString()!, session, parameters));
                }
            }
        }
    }
}
