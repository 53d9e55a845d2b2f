using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Server;

/// <summary>
/// Serves a repository folder over HTTP with Kestrel: GET and HEAD of index.json and blobs with Range, ETag and
/// If-None-Match; PUT (publish) only with the push token. Nothing outside index.json and blobs/sha256/HEX is served.
/// </summary>
public static class RepositoryServer
{
    /// <summary>
    /// A folder is served when it is a repository (it has index.json); one that receives publishes may also be empty
    /// or new. Anything else is refused, so that a mistyped path is not served as an empty repository.
    /// </summary>
    public static void CheckFolder(string root, bool acceptsPublishing)
    {
        var folder = Path.GetFullPath(root);
        if (File.Exists(Path.Combine(folder, RepositoryLayout.IndexFile)))
        {
            return;
        }

        var empty = !Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any(e => Path.GetFileName(e) != "blobs");
        if (!acceptsPublishing)
        {
            throw new DirectoryNotFoundException($"{folder} is not a repository (it has no {RepositoryLayout.IndexFile}): publish to it first, or serve it with --push-token to publish over HTTP");
        }

        if (!empty)
        {
            throw new IOException($"{folder} is not a repository (no {RepositoryLayout.IndexFile}) and not empty: give a repository folder, or an empty or new one to publish into");
        }
    }

    /// <summary>ADDRESS:PORT the server listens on (the port the system chose when 0 was asked).</summary>
    public static string BoundAddress(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a).Authority).First();

    public static WebApplication Build(string root, IPEndPoint listen, string? pushToken)
    {
        var folder = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(folder, "blobs", "sha256"));
        // The host's defaults read appsettings.json from the working folder and watch that folder, recursively, for
        // changes: from a home folder that is thousands of inotify watches and an event for every file written below.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Listen(listen);
            options.Limits.MaxRequestBodySize = null;
            options.Limits.MaxResponseBufferSize = 4L * DirectFileBody.ChunkSize;
        });
        var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Features.Set<IHttpResponseBodyFeature>(new DirectFileBody(context.Features.Get<IHttpResponseBodyFeature>()!));
            return next(context);
        });
        app.MapMethods("/{**path}", ["GET", "HEAD"], context => Get(folder, context, RoutePath(context)).ExecuteAsync(context));
        app.MapMethods("/{**path}", ["PUT"], async context => await (await PutAsync(folder, context, RoutePath(context), pushToken)).ExecuteAsync(context));
        return app;
    }

    private static string RoutePath(HttpContext context) => context.Request.RouteValues["path"] as string ?? "";

    private static IResult Get(string folder, HttpContext context, string path)
    {
        var relative = RepositoryLayout.Resolve(path);
        var file = relative is null ? null : Path.Combine(folder, relative);
        if (file is null || !File.Exists(file))
        {
            return Results.NotFound();
        }

        var info = new FileInfo(file);
        var tag = relative == RepositoryLayout.IndexFile
            ? $"\"{Digest.Of(File.ReadAllBytes(file)).Hex}\""
            : $"\"{Path.GetFileName(file)}\"";
        context.Response.Headers.CacheControl = relative == RepositoryLayout.IndexFile ? "no-cache" : "public, max-age=31536000, immutable";
        return Results.File(file, "application/octet-stream", lastModified: info.LastWriteTimeUtc, entityTag: new EntityTagHeaderValue(tag), enableRangeProcessing: true);
    }

    private static async Task<IResult> PutAsync(string folder, HttpContext context, string path, string? pushToken)
    {
        if (pushToken is null)
        {
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }

        var expected = "Bearer " + pushToken;
        var given = context.Request.Headers.Authorization.ToString();
        if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected)))
        {
            return Results.Unauthorized();
        }

        var relative = RepositoryLayout.Resolve(path);
        if (relative is null)
        {
            return Results.NotFound();
        }

        var final = Path.Combine(folder, relative);
        var temporary = Path.Combine(Path.GetDirectoryName(final)!, $".{Path.GetFileName(final)}.upload-{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                if (relative == RepositoryLayout.IndexFile)
                {
                    await LimitedCopy.CopyAsync(context.Request.Body, file, RepositoryJson.MaxDocumentBytes, "index upload", TimeSpan.FromSeconds(60), context.RequestAborted);
                }
                else
                {
                    await context.Request.Body.CopyToAsync(file, context.RequestAborted);
                }
            }

            if (relative != RepositoryLayout.IndexFile && "sha256:" + Path.GetFileName(final) != (await FileDigest.OfAsync(temporary, context.RequestAborted)).ToString())
            {
                return Results.BadRequest("the uploaded bytes do not match the digest in the path");
            }

            File.Move(temporary, final, overwrite: true);
            return Results.Created();
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
