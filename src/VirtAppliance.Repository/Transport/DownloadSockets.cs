using System.Net.Http;
using System.Net.Sockets;

namespace VirtAppliance.Repository.Transport;

/// <summary>
/// Connections with a bounded receive buffer. Linux grows a TCP receive buffer up to net.ipv4.tcp_rmem's maximum (32 MiB
/// on some hosts), and whatever sits in it when a pull is killed arrives again on resume; a fixed buffer (doubled by
/// the kernel to 8 MiB) keeps that small and still fills a gigabit link at 60 ms round trips.
/// </summary>
public static class DownloadSockets
{
    public const int ReceiveBufferSize = 4 << 20;

    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.ReceiveBufferSize = ReceiveBufferSize;
            await socket.ConnectAsync(context.DnsEndPoint, cancellation);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
