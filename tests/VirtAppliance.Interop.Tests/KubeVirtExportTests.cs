using System.Text.Json;
using VirtAppliance.Interop.KubeVirt;
using VirtAppliance.TestSupport;
using VirtAppliance.TestSupport.Registries;

namespace VirtAppliance.Interop.Tests;

/// <summary>
/// KubeVirt without a cluster: the container disks in a real registry (Debian's docker-registry) read back by skopeo
/// (layer owner 107:107, mode 0440, disk bytes identical), and the VirtualMachine manifest type-checked against
/// KubeVirt's API models (npm @kubevirt-ui/kubevirt-api with TypeScript 5, installed by scripts/test.sh).
/// </summary>
[Trait("Category", "Network")]
public sealed class KubeVirtExportTests : IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly DistributionRegistry registry = new();

    public KubeVirtExportTests()
    {
        var random = new Random(107);
        var root = new byte[6 << 20];
        random.NextBytes(root.AsSpan(0, 1 << 20));
        File.WriteAllBytes(folder.File("root.img"), root);
        var data = new byte[1 << 20];
        random.NextBytes(data.AsSpan(0, 4096));
        File.WriteAllBytes(folder.File("data.img"), data);
        File.WriteAllText(folder.File("web.xml"), """
            <image schema="2">
              <name version="2.0" release="1">web</name>
              <domain>
                <boot type="hvm" id="efi"><guest><arch>x86_64</arch></guest><os><loader dev="hd"/></os>
                  <drive disk="root" target="vda"/><drive disk="data" target="vdb"/><requirements><firmware>efi</firmware></requirements></boot>
                <devices><vcpu>2</vcpu><memory>786432</memory><interface/></devices>
              </domain>
              <storage><disk id="root" file="root.img"/><disk id="data" file="data.img" use="user"/></storage>
            </image>
            """);
    }

    public void Dispose()
    {
        registry.Dispose();
        folder.Dispose();
    }

    private static string TypesFolder => Path.Combine(ApplianceCommand.RepositoryRoot(), "tests", "VirtAppliance.Interop.Tests", "KubeVirtTypes");

    private static ExternalTool.Result TypeCheck(string manifest) => ExternalTool.Run("node", Path.Combine(TypesFolder, "check.mjs"), manifest);

    [Fact]
    public async Task Container_disks_are_pushed_as_KubeVirt_reads_them_and_the_manifest_type_checks()
    {
        var manifest = folder.File("web.yaml");
        var result = await KubeVirtExporter.ExportAsync(folder.File("web.xml"), manifest,
            new KubeVirtExportOptions($"oci://{registry.Address}/vms", UserData: "#cloud-config\n{\"hostname\": \"web\"}\n"), null, CancellationToken.None);
        Assert.Equal([$"{registry.Address}/vms/web:2.0-1", $"{registry.Address}/vms/web-data:2.0-1"], result.Images.Select(i => i.Reference));

        foreach (var (image, source) in result.Images.Zip((string[])["root.img", "data.img"]))
        {
            var raw = JsonDocument.Parse(ExternalTool.Ok("skopeo", "inspect", "--raw", "--tls-verify=false", $"docker://{image.Reference}")).RootElement;
            var layer = Assert.Single(raw.GetProperty("layers").EnumerateArray().ToList());
            Assert.Equal(ContainerDisk.LayerMediaType, layer.GetProperty("mediaType").GetString());

            var copy = folder.File("copy-" + Path.GetFileNameWithoutExtension(source));
            ExternalTool.Ok("skopeo", "copy", "--src-tls-verify=false", $"docker://{image.Reference}", $"dir:{copy}");
            var tar = Path.Combine(copy, layer.GetProperty("digest").GetString()!["sha256:".Length..]);
            var listing = ExternalTool.Ok("tar", "--numeric-owner", "-tvf", tar).Trim().Split('\n');
            var disk = Path.GetFileNameWithoutExtension(image.Reference.Split('/')[^1].Split(':')[0]) + ".qcow2";
            Assert.Matches(@"^dr-xr-xr-x 107/107 .* disk/$", listing[0]);
            Assert.Matches($@"^-r--r----- 107/107 .* disk/{disk}$", listing[1]);
            ExternalTool.Ok("tar", "-xf", tar, "-C", copy);
            Assert.Contains("Images are identical", ExternalTool.QemuImg("compare", folder.File(source), Path.Combine(copy, "disk", disk)));
        }

        var yaml = File.ReadAllText(manifest);
        Assert.Contains("kind: VirtualMachine", yaml);
        Assert.Contains($"image: \"{registry.Address}/vms/web-data:2.0-1\"", yaml);
        Assert.Contains("guest: 768Mi", yaml);
        Assert.Contains("secureBoot: false", yaml);
        Assert.Contains("cloudInitNoCloud:", yaml);
        var check = TypeCheck(manifest);
        Assert.True(check.ExitCode == 0, $"tsc refused the manifest:\n{check.Output}{check.Error}\n{yaml}");

        // The check is real: a misspelled field fails it.
        File.WriteAllText(folder.File("misspelled.yaml"), yaml.Replace("cores:", "corse:", StringComparison.Ordinal));
        var misspelled = TypeCheck(folder.File("misspelled.yaml"));
        Assert.NotEqual(0, misspelled.ExitCode);
        Assert.Contains("corse", misspelled.Output + misspelled.Error);
    }
}
