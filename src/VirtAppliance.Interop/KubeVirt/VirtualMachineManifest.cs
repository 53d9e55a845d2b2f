using System.Globalization;
using System.Text;

namespace VirtAppliance.Interop.KubeVirt;

/// <summary>What a KubeVirt VirtualMachine (kubevirt.io/v1) needs from a variant.</summary>
/// <param name="Disks">per disk: its name in the manifest and its container disk image reference</param>
/// <param name="UserData">cloud-init user-data for a cloudInitNoCloud volume, or null</param>
public sealed record VirtualMachineSpec(string Name, int Cores, long MemoryMiB, string Firmware, string DiskBus, IReadOnlyList<(string Name, string Image)> Disks, int Interfaces, string? UserData, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// Writes a VirtualMachine manifest (YAML): CPU cores, guest memory and its request, firmware (bios or efi without
/// secure boot), one disk per container disk, the pod network with masquerade, and a cloudInitNoCloud volume.
/// </summary>
public static class VirtualMachineManifest
{
    public static string Write(VirtualMachineSpec spec)
    {
        var yaml = new StringBuilder();
        void Line(int indent, string text) => yaml.Append(' ', indent * 2).Append(text).Append('\n');
        Line(0, "apiVersion: kubevirt.io/v1");
        Line(0, "kind: VirtualMachine");
        Line(0, "metadata:");
        Line(1, $"name: {Quote(spec.Name)}");
        Labels(spec, Line, 1);
        Line(0, "spec:");
        Line(1, "runStrategy: Always");
        Line(1, "template:");
        Line(2, "metadata:");
        Labels(spec, Line, 3);
        Line(2, "spec:");
        Line(3, "domain:");
        Line(4, "cpu:");
        Line(5, $"cores: {spec.Cores.ToString(CultureInfo.InvariantCulture)}");
        Line(4, "memory:");
        Line(5, $"guest: {spec.MemoryMiB.ToString(CultureInfo.InvariantCulture)}Mi");
        Line(4, "resources:");
        Line(5, "requests:");
        Line(6, $"memory: {spec.MemoryMiB.ToString(CultureInfo.InvariantCulture)}Mi");
        Line(4, "firmware:");
        Line(5, "bootloader:");
        if (spec.Firmware == "efi")
        {
            Line(6, "efi:");
            Line(7, "secureBoot: false");
        }
        else
        {
            Line(6, "bios: {}");
        }

        Line(4, "devices:");
        Line(5, "disks:");
        var order = 1;
        foreach (var (name, _) in spec.Disks)
        {
            Line(6, $"- name: {Quote(name)}");
            Line(7, $"bootOrder: {order++}");
            Line(7, "disk:");
            Line(8, $"bus: {spec.DiskBus}");
        }

        if (spec.UserData is not null)
        {
            Line(6, "- name: cloudinitdisk");
            Line(7, "disk:");
            Line(8, "bus: virtio");
        }

        Line(5, "interfaces:");
        for (var i = 0; i < Math.Max(1, spec.Interfaces); i++)
        {
            Line(6, $"- name: {NetworkName(i)}");
            if (i == 0)
            {
                Line(7, "masquerade: {}");
            }
            else
            {
                Line(7, "bridge: {}");
            }
        }

        Line(3, "networks:");
        Line(4, "- name: default");
        Line(5, "pod: {}");
        for (var i = 1; i < spec.Interfaces; i++)
        {
            Line(4, $"- name: {NetworkName(i)}");
            Line(5, "multus:");
            Line(6, $"networkName: {NetworkName(i)}");
        }

        Line(3, "volumes:");
        foreach (var (name, image) in spec.Disks)
        {
            Line(4, $"- name: {Quote(name)}");
            Line(5, "containerDisk:");
            Line(6, $"image: {Quote(image)}");
        }

        if (spec.UserData is { } userData)
        {
            Line(4, "- name: cloudinitdisk");
            Line(5, "cloudInitNoCloud:");
            Line(6, "userData: |");
            foreach (var text in userData.TrimEnd('\n').Split('\n'))
            {
                Line(7, text);
            }
        }

        return yaml.ToString();
    }

    private static string NetworkName(int index) => index == 0 ? "default" : $"net{index}";

    private static void Labels(VirtualMachineSpec spec, Action<int, string> line, int indent)
    {
        line(indent, "labels:");
        line(indent + 1, $"kubevirt.io/vm: {Quote(spec.Name)}");
        foreach (var (key, value) in spec.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            line(indent + 1, $"{key}: {Quote(value)}");
        }
    }

    /// <summary>A YAML double-quoted scalar (JSON string syntax is valid YAML).</summary>
    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text, KubeVirtJsonContext.Default.String);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class KubeVirtJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
