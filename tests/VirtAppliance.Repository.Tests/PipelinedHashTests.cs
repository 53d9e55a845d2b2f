using System.Security.Cryptography;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Tests;

[Trait("Category", "Fast")]
public sealed class PipelinedHashTests
{
    [Fact]
    public void The_digest_is_that_of_everything_appended_in_order_and_no_buffer_is_lent_while_queued()
    {
        const int size = 64 << 10;
        var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var hash = new PipelinedHash(size);
        var seen = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        var random = new Random(20261202);
        for (var i = 0; i < 200; i++)
        {
            var buffer = hash.Rent(CancellationToken.None);
            seen.Add(buffer);
            var count = 1 + random.Next(size);
            random.NextBytes(buffer.AsSpan(0, count));
            expected.AppendData(buffer, 0, count);
            hash.Append(buffer, count, CancellationToken.None);
        }

        Assert.Equal(expected.GetHashAndReset(), hash.Finish());
        Assert.True(seen.Count < 200, "buffers are not reused");
    }

    [Fact]
    public void Renting_stops_on_cancellation_instead_of_waiting()
    {
        using var hash = new PipelinedHash(16);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                hash.Rent(cancelled.Token);
            }
        });
    }
}
