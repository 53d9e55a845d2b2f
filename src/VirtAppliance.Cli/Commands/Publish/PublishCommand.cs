using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.Repository.Publishing;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Cli.Commands.Publish;

/// <summary><c>publish DESCRIPTOR --repo DIR|URL [--key FILE]</c>: disks compressed and deduplicated, manifest, signed index.</summary>
internal sealed class PublishCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var descriptor = new Argument<string>("DESCRIPTOR") { Description = "The appliance descriptor; its disks are published with it" };
        var repo = new Option<string>("--repo") { Description = "The repository: a folder, or an http(s):// URL served by 'repo serve --push-token'", Required = true };
        var key = new Option<string?>("--key") { Description = "Private key (from 'key generate') that signs the index" };
        var token = new Option<string?>("--push-token") { Description = "Token the HTTP server was started with (default: $VIRT_APPLIANCE_PUSH_TOKEN)" };
        var replace = new Option<bool>("--replace") { Description = "Replace this version if the repository already has it with other content" };
        var json = CommonOptions.Json();
        var command = new Command("publish", "Publish an appliance to a repository") { descriptor, repo, key, token, replace, json };
        CommandAction.Set(command, output, (result, cancellation) => new PublishCommand(output).Run(
            result.GetRequiredValue(descriptor), result.GetRequiredValue(repo), result.GetValue(key),
            result.GetValue(token) ?? Environment.GetEnvironmentVariable("VIRT_APPLIANCE_PUSH_TOKEN"), result.GetValue(replace), result.GetValue(json), cancellation));
        return command;
    }

    public int Run(string descriptor, string repo, string? keyFile, string? token, bool replace, bool json, CancellationToken cancellation)
    {
        using var key = keyFile is null ? null : SigningKey.Load(keyFile);
        if (repo.StartsWith("oci://", StringComparison.OrdinalIgnoreCase))
        {
            return PublishOci(descriptor, repo, key, json, cancellation);
        }

        using var backend = Backends.Open(repo, token);
        var work = Path.Combine(Path.GetTempPath(), $"virt-appliance-publish-{Guid.NewGuid():N}");
        try
        {
            var publisher = new Publisher(backend, key, work);
            var result = output.WithProgress($"publish {Path.GetFileName(descriptor)}", json, progress =>
                publisher.PublishAsync(descriptor, replace, progress is null ? null : new TotalsProgress(progress), cancellation).GetAwaiter().GetResult());
            if (json)
            {
                output.WriteJson(
                    new PublishReport(
                        result.Entry.Name, result.Entry.Version, result.Entry.Release, result.Serial,
                        result.BlobsUploaded, result.BytesUploaded, result.BlobsReused, result.Entry.Manifest.Digest, key is not null),
                    CliJsonContext.Default.PublishReport);
            }
            else
            {
                output.WriteLine($"published {result.Entry.Reference} to {repo}: index serial {result.Serial}{(key is null ? " (unsigned)" : $", signed by {key.KeyId[..16]}…")}");
                output.WriteLine($"disks: {result.BlobsUploaded} uploaded ({result.BytesUploaded} bytes compressed), {result.BlobsReused} already there");
            }

            return ExitCodes.Success;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private int PublishOci(string descriptorPath, string repo, SigningKey? key, bool json, CancellationToken cancellation)
    {
        var descriptor = Descriptors.Reading.DescriptorReader.Load(descriptorPath);
        using var registry = new Repository.Oci.OciRegistry(Repository.Oci.OciReference.ForAppliance(repo, descriptor.Name));
        var work = Path.Combine(Path.GetTempPath(), $"virt-appliance-publish-{Guid.NewGuid():N}");
        try
        {
            var (tag, digest, uploaded, reused) = new Repository.Oci.OciPublisher(registry, key, work).PublishAsync(descriptorPath, null, cancellation).GetAwaiter().GetResult();
            if (json)
            {
                output.WriteJson(new OciPublishReport(registry.Location, tag, digest, uploaded, reused, key is not null), CliJsonContext.Default.OciPublishReport);
            }
            else
            {
                output.WriteLine($"pushed {registry.Location}:{tag} ({digest}){(key is null ? " (unsigned)" : ", signed")}: {uploaded} blobs uploaded, {reused} already there");
            }

            return ExitCodes.Success;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
}
