using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VirtAppliance.Customization.Recipes;

namespace VirtAppliance.Customization.Seeds;

/// <summary>
/// Compiles a recipe into cloud-init NoCloud data: user-data (#cloud-config, written as JSON, which is YAML) with
/// hostname, timezone, users, write_files, bootcmd (every-boot scripts) and runcmd (the other operations, in recipe
/// order, and first-boot scripts); meta-data with an instance-id derived from the name and the user-data.
/// </summary>
public static class CloudConfigCompiler
{
    public sealed record Seed(string UserData, string MetaData, string InstanceId);

    public static Seed Compile(Recipe recipe, string name)
    {
        var config = new JsonObject();
        var users = new JsonArray("default");
        var files = new JsonArray();
        var bootcmd = new JsonArray();
        var runcmd = new JsonArray();
        string? hostname = null;
        foreach (var operation in recipe.Operations)
        {
            switch (operation)
            {
                case HostnameOperation host:
                    hostname = host.Hostname;
                    config["hostname"] = host.Hostname;
                    config["preserve_hostname"] = false;
                    break;
                case TimezoneOperation zone:
                    config["timezone"] = zone.Zone;
                    break;
                case WriteOperation write:
                    files.Add(File(write.Path, Encoding.UTF8.GetBytes(write.Content), write.Attributes));
                    break;
                case UploadOperation upload:
                    files.Add(File(upload.Path, ReadHost(recipe, upload.Line, upload.Source), upload.Attributes));
                    break;
                case UserOperation user:
                    users.Add(User(user));
                    break;
                case SshInjectOperation inject:
                    foreach (var key in inject.Keys)
                    {
                        runcmd.Add(Shell($"h=$(getent passwd {Quote(inject.User)} | cut -d: -f6) && install -d -m 700 -o {Quote(inject.User)} \"$h/.ssh\" && " +
                            $"(grep -qxF {Quote(key)} \"$h/.ssh/authorized_keys\" 2>/dev/null || echo {Quote(key)} >> \"$h/.ssh/authorized_keys\") && " +
                            $"chown {Quote(inject.User)} \"$h/.ssh/authorized_keys\" && chmod 600 \"$h/.ssh/authorized_keys\""));
                    }

                    break;
                case BootScriptOperation script:
                    (script.EveryBoot ? bootcmd : runcmd).Add((JsonNode)new JsonArray("sh", "-c", script.Script));
                    break;
                case MkdirOperation mkdir:
                    runcmd.Add(Shell($"mkdir -p {Quote(mkdir.Path)}{Mode(mkdir.Path, mkdir.Attributes.Mode)}{Owner(mkdir.Path, mkdir.Attributes.Owner)}"));
                    break;
                case ChmodOperation chmod:
                    runcmd.Add(Shell($"chmod {Octal(chmod.Mode)} {Quote(chmod.Path)}"));
                    break;
                case ChownOperation chown:
                    runcmd.Add(Shell($"chown {Quote(chown.Owner)} {Quote(chown.Path)}"));
                    break;
                case LinkOperation link:
                    runcmd.Add(Shell($"mkdir -p \"$(dirname {Quote(link.Path)})\" && ln -sfn {Quote(link.Target)} {Quote(link.Path)}"));
                    break;
                case MoveOperation move:
                    runcmd.Add(Shell($"if [ -e {Quote(move.From)} ]; then mkdir -p \"$(dirname {Quote(move.To)})\" && mv -f {Quote(move.From)} {Quote(move.To)}; fi"));
                    break;
                case DeleteOperation delete:
                    runcmd.Add(Shell($"rm -rf {Quote(delete.Path)}"));
                    break;
                case TouchOperation touch:
                    runcmd.Add(Shell($"[ -e {Quote(touch.Path)} ] || {{ mkdir -p \"$(dirname {Quote(touch.Path)})\" && : > {Quote(touch.Path)}; }}"));
                    break;
                case TruncateOperation truncate:
                    runcmd.Add(Shell($"truncate -s {truncate.Size} {Quote(truncate.Path)}"));
                    break;
                case AppendLineOperation append:
                    runcmd.Add(Shell($"grep -qxF {Quote(append.Text)} {Quote(append.Path)} 2>/dev/null || echo {Quote(append.Text)} >> {Quote(append.Path)}"));
                    break;
                case ArchiveInOperation { IsCpio: false } archive:
                    var staged = $"/var/lib/virt-appliance/seed/line-{archive.Line}.tar";
                    files.Add(File(staged, ReadHost(recipe, archive.Line, archive.Source), new FileSettings((UnixFileMode)0x180, null)));
                    runcmd.Add(Shell($"mkdir -p {Quote(archive.Path)} && tar -xf {staged} -C {Quote(archive.Path)} && rm -f {staged}"));
                    break;
                case ResetIdentityOperation:
                    // A new instance-id already makes cloud-init treat the guest as a new instance.
                    break;
                default:
                    throw new RecipeException(recipe.File, operation.Line,
                        $"{operation.Name} is applied offline only (customize, or deploy --recipe), not through a cloud-init seed");
            }
        }

        if (users.Count > 1)
        {
            config["users"] = users;
        }

        if (files.Count > 0)
        {
            config["write_files"] = files;
        }

        if (bootcmd.Count > 0)
        {
            config["bootcmd"] = bootcmd;
        }

        if (runcmd.Count > 0)
        {
            config["runcmd"] = runcmd;
        }

        var userData = "#cloud-config\n" + config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var instanceId = $"iid-{name}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userData)))[..12]}";
        var meta = new JsonObject { ["instance-id"] = instanceId, ["local-hostname"] = hostname ?? name };
        return new Seed(userData, meta.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", instanceId);
    }

    private static JsonNode File(string path, byte[] content, FileSettings settings) => new JsonObject
    {
        ["path"] = path,
        ["encoding"] = "b64",
        ["content"] = Convert.ToBase64String(content),
        ["permissions"] = Octal(settings.Mode ?? (UnixFileMode)0x1a4),
        ["owner"] = settings.Owner ?? "root:root",
    };

    private static JsonNode User(UserOperation user)
    {
        var entry = new JsonObject { ["name"] = user.User, ["lock_passwd"] = user.Password is null };
        if (user.Groups.Count > 0)
        {
            entry["groups"] = string.Join(',', user.Groups);
        }

        if (user.Shell is not null)
        {
            entry["shell"] = user.Shell;
        }

        if (user.Uid is { } uid)
        {
            entry["uid"] = uid;
        }

        if (user.Password is { } password)
        {
            entry["hashed_passwd"] = user.PasswordIsCrypted ? password : VirtAppliance.Filesystems.Guests.Sha512Crypt.Hash(password, VirtAppliance.Filesystems.Guests.Sha512Crypt.RandomSalt());
        }

        if (user.SshKeys.Count > 0)
        {
            entry["ssh_authorized_keys"] = new JsonArray([.. user.SshKeys.Select(k => (JsonNode)k)]);
        }

        return entry;
    }

    private static byte[] ReadHost(Recipe recipe, int line, string source)
    {
        var path = recipe.HostPath(source);
        return System.IO.File.Exists(path) ? System.IO.File.ReadAllBytes(path) : throw new RecipeException(recipe.File, line, $"{path} does not exist on this host");
    }

    private static JsonNode Shell(string command) => JsonValue.Create(command)!;

    private static string Mode(string path, UnixFileMode? mode) => mode is { } value ? $" && chmod {Octal(value)} {Quote(path)}" : "";

    private static string Owner(string path, string? owner) => owner is null ? "" : $" && chown {Quote(owner)} {Quote(path)}";

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);

    /// <summary>A POSIX shell single-quoted word.</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
