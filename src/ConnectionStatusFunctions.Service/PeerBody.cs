using System.Buffers;

namespace ConnectionStatusFunctions.Service;

/// <summary>
/// The body of an answer from a peer the service calls out to (a connector's health URL today), read
/// up to a fixed number of bytes and never further, whatever its Content-Length, its chunking or the
/// speed of its sender: what a peer sends must not decide how much the service holds.
/// </summary>
public static class PeerBody
{
    /// <summary>Far more than any detail the service reads from an answer; past it the status code alone decides.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// The whole body when it is at most <paramref name="maxBytes"/> long, else null. It asks the
    /// connection for at most <paramref name="maxBytes"/> + 1 bytes, and for none when Content-Length
    /// already says the body is longer. A sender too slow to finish is stopped by <paramref name="cancellationToken"/>.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken);
            await using (stream)
            {
                var length = 0;
                while (length <= maxBytes)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken);
                    if (read == 0)
                    {
                        return buffer.AsSpan(0, length).ToArray();
                    }

                    length += read;
                }

                return null;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
