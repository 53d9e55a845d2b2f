using System.Globalization;
using System.Text;

namespace VirtAppliance.Interop.Vagrant;

/// <summary>The metadata.json and Vagrantfile of a box for vagrant-libvirt.</summary>
public static class VagrantBoxFiles
{
    /// <summary>{"provider": "libvirt", "format": "qcow2", "virtual_size": GiB, rounded up}.</summary>
    public static string Metadata(long capacityBytes) =>
        $"{{\n  \"provider\": \"libvirt\",\n  \"format\": \"qcow2\",\n  \"virtual_size\": {((capacityBytes + (1L << 30) - 1) >> 30).ToString(CultureInfo.InvariantCulture)}\n}}\n";

    /// <summary>The box's defaults: memory, vCPUs, the disk bus and NIC model, and OVMF for an EFI variant.</summary>
    public static string Vagrantfile(long memoryMiB, int vcpus, string diskBus, bool efi)
    {
        var text = new StringBuilder();
        text.Append("# Written by 'virt-appliance export --to vagrant': the appliance's defaults for the libvirt provider.\n");
        text.Append("Vagrant.configure(\"2\") do |config|\n");
        text.Append("  config.vm.provider :libvirt do |libvirt|\n");
        text.Append(CultureInfo.InvariantCulture, $"    libvirt.memory = {memoryMiB}\n");
        text.Append(CultureInfo.InvariantCulture, $"    libvirt.cpus = {vcpus}\n");
        text.Append(CultureInfo.InvariantCulture, $"    libvirt.disk_bus = \"{diskBus}\"\n");
        text.Append("    libvirt.nic_model_type = \"virtio\"\n");
        if (efi)
        {
            text.Append("    libvirt.loader = \"/usr/share/OVMF/OVMF_CODE.fd\"\n");
        }

        text.Append("  end\n");
        text.Append("end\n");
        return text.ToString();
    }
}
