using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Customization.Operations;

/// <summary>hostname: /etc/hostname and the 127.0.1.1 line of /etc/hosts.</summary>
public sealed record HostnameOperation(int Line, string Hostname) : SystemOperation(Line)
{
    internal static OperationKind Kind { get; } = new(["hostname"], f => new HostnameOperation(f.Line, f.HostName(f.IsShorthand ? f.Shorthand() : f.Required("name"))));

    public override string Name => "hostname";

    internal override void Apply(RecipeApplier guest)
    {
        guest.WriteText("/etc/hostname", Hostname + "\n", FileSettings.Default);
        var hosts = guest.Guest.Stat("/etc/hosts").Exists ? System.Text.Encoding.UTF8.GetString(guest.ReadExisting("/etc/hosts")) : "127.0.0.1\tlocalhost\n";
        var lines = hosts.Split('\n').Where(line => !line.StartsWith("127.0.1.1", StringComparison.Ordinal) && line.Length > 0).ToList();
        lines.Insert(Math.Min(1, lines.Count), $"127.0.1.1\t{Hostname}");
        guest.WriteText("/etc/hosts", string.Join('\n', lines) + "\n", FileSettings.Default);
    }

    internal override void AddTo(SeedBuilder seed) => seed.SetHostname(Hostname);
}
