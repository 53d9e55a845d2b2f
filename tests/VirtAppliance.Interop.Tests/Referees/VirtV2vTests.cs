using System.Xml.Linq;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Interop.Tests.Referees;

/// <summary>
/// Issue "Interop", the OVA referee: virt-v2v (Debian's, with libguestfs on TCG) converts an exported Debian appliance
/// to libvirt, and the converted guest boots to a login prompt. It takes minutes, so it runs once.
/// </summary>
[Collection(DebianServerCollection.Name)]
[Trait("Category", "Vm")]
public sealed class VirtV2vTests(DebianServer server) : IDisposable
{
    private static readonly TimeSpan ConversionLimit = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(4);

    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Virt_v2v_converts_an_exported_OVA_and_the_converted_guest_boots_to_a_login_prompt()
    {
        var ova = folder.File("debian-server.ova");
        server.Ok("export", server.Descriptor, "--to", "ova", "-o", ova);
        var name = DebianServer.NameFor("v2v");
        var converted = folder.File("converted");
        Directory.CreateDirectory(converted);
        var conversion = ExternalTool.Run(new ExternalTool.Invocation("virt-v2v", ["-i", "ova", ova, "-o", "local", "-os", converted, "-of", "qcow2", "-on", name])
        {
            // QEMU with KVM aborts on these machines; TCG works everywhere.
            Environment = new Dictionary<string, string> { ["LIBGUESTFS_BACKEND"] = "direct", ["LIBGUESTFS_BACKEND_SETTINGS"] = "force_tcg" },
            Limit = ConversionLimit,
        });
        Assert.True(conversion.ExitCode == 0, $"virt-v2v exited {conversion.ExitCode}:\n{conversion.Error}{conversion.Output}");
        Assert.Contains("Converting", conversion.Output);
        ExternalTool.AssertCleanCheck(Path.Combine(converted, name + "-sda"));

        var console = folder.File("console.log");
        var definition = folder.File("domain.xml");
        RunnableHere(XDocument.Load(Path.Combine(converted, name + ".xml")), console).Save(definition);
        DebianServer.Virsh("define", definition);
        try
        {
            DebianServer.Virsh("start", name);
            Assert.True(ApplianceCommand.WaitForText(console, DebianServer.LoginPrompt, BootLimit),
                $"the converted guest showed no login prompt within {BootLimit}:\n{(File.Exists(console) ? File.ReadAllText(console) : "(no console output)")}");
        }
        finally
        {
            ExternalTool.Run("virsh", "-c", DebianServer.SystemConnection, "destroy", name);
            ExternalTool.Run("virsh", "-c", DebianServer.SystemConnection, "undefine", name);
        }
    }

    /// <summary>
    /// virt-v2v writes a guest for a KVM host with a bridge named 'nat', vsock and VNC. Here it runs emulated, without a
    /// network and with its serial console logged to a file, as the interop facts describe; the guest itself is untouched.
    /// </summary>
    private static XDocument RunnableHere(XDocument domain, string consoleLog)
    {
        var root = domain.Root!;
        root.SetAttributeValue("type", "qemu");
        var devices = root.Element("devices")!;
        devices.Elements().Where(e => e.Name.LocalName is "vsock" or "graphics" or "console" or "interface" or "serial").Remove();
        devices.Add(
            new XElement("serial", new XAttribute("type", "pty"), new XElement("log", new XAttribute("file", consoleLog))),
            new XElement("console", new XAttribute("type", "pty"), new XElement("target", new XAttribute("type", "serial"))));
        return domain;
    }
}
