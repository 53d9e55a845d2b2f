using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Cli.Commands.Key;

/// <summary><c>key generate FILE</c>: an ECDSA P-256 signing key (FILE, mode 600) and its public key (FILE.pub) for clients to pin.</summary>
internal sealed class KeyCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var file = new Argument<string>("FILE") { Description = "Where to write the private key; the public key goes to FILE.pub" };
        var force = CommonOptions.Force();
        var generate = new Command("generate", "Make a key pair for signing repository indexes") { file, force };
        CommandAction.Set(generate, output, (result, _) => new KeyCommand(output).Generate(result.GetRequiredValue(file), result.GetValue(force)));
        return new Command("key", "Signing keys for repositories") { generate };
    }

    public int Generate(string path, bool force)
    {
        var publicPath = path + ".pub";
        if (!force && (File.Exists(path) || File.Exists(publicPath)))
        {
            throw new OutputExistsException(File.Exists(path) ? path : publicPath);
        }

        using var key = SigningKey.Generate();
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, "");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(temporary, key.PrivateKeyPem() + "\n");
        File.Move(temporary, path, overwrite: true);
        File.WriteAllText(publicPath, key.PublicKeyPem() + "\n");
        output.WriteLine($"private key: {path}");
        output.WriteLine($"public key:  {publicPath} (key id {key.KeyId})");
        return ExitCodes.Success;
    }
}
