using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Hosting;
using VirtAppliance.Cli.Output;
using VirtAppliance.Repository.Server;

namespace VirtAppliance.Cli.Commands.Repo;

/// <summary><c>repo serve DIR --listen ADDRESS:PORT [--push-token TOKEN]</c>: a repository folder over HTTP.</summary>
internal sealed class RepoCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var folder = new Argument<string>("DIR") { Description = "The repository folder (with --push-token an empty or new folder, to publish into)" };
        var listen = new Option<string>("--listen") { Description = "ADDRESS:PORT to listen on (port 0: one the system chooses, printed)", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var token = new Option<string?>("--push-token") { Description = "Accept publishing (PUT) with this bearer token; read-only without (default: $VIRT_APPLIANCE_PUSH_TOKEN)" };
        var serve = new Command("serve", "Serve a repository folder over HTTP (Range, ETag, If-None-Match)") { folder, listen, token };
        CommandAction.Set(serve, output, (result, cancellation) => new RepoCommand(output).ServeAsync(
            result.GetRequiredValue(folder), result.GetRequiredValue(listen), result.GetValue(token) ?? Environment.GetEnvironmentVariable("VIRT_APPLIANCE_PUSH_TOKEN"), cancellation));
        return new Command("repo", "Repositories") { serve };
    }

    public async Task<int> ServeAsync(string folder, string listen, string? token, CancellationToken cancellation)
    {
        if (!IPEndPoint.TryParse(listen, out var endpoint))
        {
            throw new ArgumentException($"--listen '{listen}': expected ADDRESS:PORT, for example 127.0.0.1:8080 (port 0 lets the system choose)");
        }

        RepositoryServer.CheckFolder(folder, acceptsPublishing: token is not null);
        var app = RepositoryServer.Build(folder, endpoint, token);
        await app.StartAsync(cancellation);
        var bound = RepositoryServer.BoundAddress(app);
        output.WriteLine($"serving {Path.GetFullPath(folder)} on http://{bound}/ ({(token is null ? "read-only" : "publishing with the push token")}); Ctrl-C stops");
        output.Out.Flush();
        // Returns on Ctrl-C or SIGTERM: the host's own console lifetime takes SIGTERM, the command line's token Ctrl-C.
        await app.WaitForShutdownAsync(cancellation);
        return ExitCodes.Success;
    }
}
