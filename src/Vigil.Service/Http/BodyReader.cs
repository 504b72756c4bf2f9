using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Vigil.Service.Http;

/// <summary>Reads a request body whole, up to a byte limit (Kestrel enforces it too; this also holds behind other servers).</summary>
internal static class BodyReader
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        using var body = await ReadPooledAsync(request, maxBytes, ct);
        return body?.Memory.ToArray();
    }

    /// <summary>
    /// The body in a buffer rented from <see cref="ArrayPool{T}.Shared"/> (returned, cleared, when the result is
    /// disposed), or null when it is larger than <paramref name="maxBytes"/>. A batch of 500 predictions is about
    /// 200 kB: read into fresh arrays (a growing MemoryStream, then its copy), every such request put two arrays on the
    /// large-object heap, which only a full collection frees; the ingest endpoints read through this instead.
    /// </summary>
    public static async Task<PooledBody?> ReadPooledAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength is { } declared && declared > maxBytes) return null;
        // One byte more than the declared length, so that the read that meets the end of the body needs no larger buffer.
        var initial = request.ContentLength is { } n and >= 0 ? (int)Math.Min(n + 1, Array.MaxLength) : 16_384;
        var body = new PooledBody(ArrayPool<byte>.Shared.Rent(Math.Max(initial, 1)));
        try
        {
            while (true)
            {
                if (body.Length == body.Capacity && !body.Grow())
                {
                    body.Dispose();
                    return null;
                }
                int read;
                try
                {
                    read = await request.Body.ReadAsync(body.Free, ct);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    body.Dispose();
                    return null;
                }
                if (read == 0) return body;
                if (body.Length + (long)read > maxBytes)
                {
                    body.Dispose();
                    return null;
                }
                body.Length += read;
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}

/// <summary>A request body in a pooled buffer; <see cref="Memory"/> is valid until disposed (which clears the buffer: it held raw identifiers).</summary>
internal sealed class PooledBody(byte[] buffer) : IDisposable
{
    private byte[]? _buffer = buffer;

    /// <summary>Bytes read so far.</summary>
    public int Length { get; set; }

    public int Capacity => Live.Length;

    /// <summary>The body's bytes.</summary>
    public ReadOnlyMemory<byte> Memory => Live.AsMemory(0, Length);

    /// <summary>The unused rest of the buffer.</summary>
    public Memory<byte> Free => Live.AsMemory(Length);

    private byte[] Live => _buffer ?? throw new ObjectDisposedException(nameof(PooledBody));

    /// <summary>Moves the bytes to a buffer twice as large; false when the buffer is as large as an array can be.</summary>
    public bool Grow()
    {
        var old = Live;
        if (old.Length >= Array.MaxLength) return false;
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(2L * old.Length, 16_384), Array.MaxLength));
        old.AsSpan(0, Length).CopyTo(larger);
        _buffer = larger;
        ArrayPool<byte>.Shared.Return(old, clearArray: true);
        return true;
    }

    public void Dispose()
    {
        if (_buffer is { } b) ArrayPool<byte>.Shared.Return(b, clearArray: true);
        _buffer = null;
    }
}
