using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Output;
using VirtAppliance.Cli.Repositories;
using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Cli.Commands.Publish;

/// <summary><c>publish DESCRIPTOR --repo DIR|URL|oci://HOST/PREFIX [--key FILE]</c>: disks compressed and deduplicated, manifest, signed index.</summary>
internal sealed class PublishCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var descriptor = new Argument<string>("DESCRIPTOR") { Description = "The appliance descriptor; its disks are published with it" }.WithFiles(".xml");
        var repo = new Option<string>("--repo") { Description = "The repository: a folder, an http(s):// URL served by 'repo serve --push-token', or oci://HOST[:PORT][/PREFIX]", Required = true };
        var key = new Option<string?>("--key") { Description = "Private key (from 'key generate') that signs the index" };
        var token = new Option<string?>("--push-token") { Description = "Bearer token a 'repo serve' server accepts pushes with (default: $VIRT_APPLIANCE_PUSH_TOKEN); registries take --creds or a login" };
        var registry = new RegistryOptions();
        var replace = new Option<bool>("--replace") { Description = "Replace this version if the repository already has it with other content" };
        var json = CommonOptions.Json();
        var command = new Command("publish", "Publish an appliance to a repository") { descriptor, repo, key, token, replace, json };
        registry.AddTo(command);
        CommandAction.Set(command, output, (result, cancellation) => new PublishCommand(output).RunAsync(
            result.GetRequiredValue(descriptor), result.GetRequiredValue(repo), result.GetValue(key),
            result.GetValue(token) ?? Environment.GetEnvironmentVariable("VIRT_APPLIANCE_PUSH_TOKEN"), registry.Read(result, output), result.GetValue(replace), result.GetValue(json), cancellation));
        return command;
    }

    public async Task<int> RunAsync(string descriptor, string repo, string? keyFile, string? token, Repository.Oci.Access.RegistrySettings registry, bool replace, bool json, CancellationToken cancellation)
    {
        using var key = keyFile is null ? null : SigningKey.Load(keyFile);
        using var target = RepositoryAccess.ForPublishing(repo, token, registry, output);
        var result = await output.WithProgressAsync($"publish {Path.GetFileName(descriptor)}", json, progress =>
            target.PublishAsync(descriptor, key, replace, progress is null ? null : new TotalsProgress(progress), cancellation));
        var entry = result.Entry;
        if (json)
        {
            output.WriteJson(
                new PublishReport(
                    entry.Name, entry.Version, entry.Release, result.Location, result.Serial, result.Tag,
                    result.BlobsUploaded, result.BytesUploaded, result.BlobsReused, result.Digest, result.Signed),
                CliJsonContext.Default.PublishReport);
            return ExitCodes.Success;
        }

        var signed = key is null ? " (unsigned)" : $", signed by {key.KeyId[..16]}…";
        output.WriteLine(result.Tag is null
            ? $"published {entry.Reference} to {repo}: index serial {result.Serial}{signed}"
            : $"pushed {result.Location}:{result.Tag} ({result.Digest}){signed}");
        output.WriteLine($"disks: {result.BlobsUploaded} uploaded ({ByteSize.Format(result.BytesUploaded)} compressed), {result.BlobsReused} already there");
        return ExitCodes.Success;
    }
}
