namespace VirtAppliance.Repository.Transport;

/// <summary>Copies at most a known number of bytes, failing on more (a server sending more than it announced) or on a stall.</summary>
public static class LimitedCopy
{
    public static async Task<long> CopyAsync(Stream source, Stream destination, long limit, string what, TimeSpan stall, CancellationToken cancellation, Action<int>? onChunk = null)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        while (true)
        {
            var read = await ReadAsync(source, buffer, stall, what, cancellation);
            if (read == 0)
            {
                return total;
            }

            if (total + read > limit)
            {
                throw new InvalidDataException($"{what}: the server sent more than the {limit} bytes expected");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellation);
            total += read;
            onChunk?.Invoke(read);
        }
    }

    /// <summary>Fills <paramref name="buffer"/> (less only at the end of the stream), failing when no byte arrives for <paramref name="stall"/>.</summary>
    public static async Task<int> ReadAsync(Stream source, Memory<byte> buffer, TimeSpan stall, string what, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(stall);
        try
        {
            return await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"{what}: no data for {stall.TotalSeconds:0} s (the server stalled); run the command again to resume");
        }
    }
}
