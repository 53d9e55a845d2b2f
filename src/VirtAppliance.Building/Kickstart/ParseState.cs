namespace VirtAppliance.Building.Kickstart;

/// <summary>What the parser has read so far; Finish checks the whole spec.</summary>
internal sealed class ParseState(string file)
{
    public List<PartitionSpec> Partitions { get; } = [];

    public string? DiskLabel { get; set; }

    public string? BootloaderAppend { get; set; }

    public BiosLoader BiosLoader { get; set; }

    public int BootloaderLine { get; set; }

    public int BootloaderTimeoutSeconds { get; set; } = 1;

    public PasswordSpec? RootPassword { get; set; }

    public List<UserSpec> Users { get; } = [];

    public string? Hostname { get; set; }

    public bool Network { get; set; }

    public string? Timezone { get; set; }

    public List<string> Packages { get; } = [];

    public List<PostScript> PostScripts { get; } = [];

    public List<string> Ignored { get; } = [];

    public ApplianceSettings Appliance { get; set; } = new();

    public SpecException Error(int line, string message) => new(file, line, message);

    public BuildSpec Finish()
    {
        if (Partitions.Count == 0)
        {
            throw Error(0, "no 'part' lines: an appliance needs at least 'part / --size MiB --fstype ext4'");
        }

        var root = Partitions.FirstOrDefault(p => p.MountPoint == "/")
            ?? throw Error(Partitions[0].Line, "no partition is mounted at /: add 'part / --size MiB --fstype ext4'");
        if (!root.Filesystem.IsExt())
        {
            throw Error(root.Line, "the root filesystem (/) must be ext2, ext3 or ext4");
        }

        foreach (var duplicate in Partitions.Where(p => p.IsMounted).GroupBy(p => p.MountPoint).Where(g => g.Count() > 1))
        {
            throw Error(duplicate.Skip(1).First().Line, $"mount point {duplicate.Key} is already used on line {duplicate.First().Line}");
        }

        foreach (var duplicate in Partitions.Where(p => p.Label is not null).GroupBy(p => p.Label).Where(g => g.Count() > 1))
        {
            throw Error(duplicate.Skip(1).First().Line, $"label {duplicate.Key} is already used on line {duplicate.First().Line}");
        }

        foreach (var partition in Partitions.Where(p => p.Filesystem == FilesystemType.Efi && p.MountPoint is not ("/boot/efi" or "/efi" or "/boot")))
        {
            throw Error(partition.Line, $"an EFI system partition is mounted at /boot/efi, /efi or /boot, not {partition.MountPoint}");
        }

        foreach (var disk in Appliance.DiskSizesMiB.Keys.Where(d => Partitions.All(p => p.Disk != d)))
        {
            throw Error(0, $"%appliance gives a size for disk '{disk}', but no partition is on it");
        }

        var source = Appliance.Root ?? new BusyboxRootSource(0);
        if (Packages.Count > 0 && source is not DebianRootSource)
        {
            throw Error(0, "%packages needs 'root debian SUITE' in %appliance: only mmdebstrap installs packages");
        }

        if (BiosLoader == BiosLoader.Grub && !Appliance.Firmware.Contains(Firmware.Bios))
        {
            throw Error(BootloaderLine, "--loader grub boots the BIOS variant, and this appliance's firmware is efi only: add 'firmware bios' to %appliance or drop --loader");
        }

        if (BiosLoader == BiosLoader.Grub && DiskLabel == "gpt" && Appliance.Firmware is [Firmware.Bios])
        {
            throw Error(BootloaderLine, "--loader grub needs 'clearpart --disklabel=msdos': GRUB's core goes into the gap after the MBR, and GPT would need a BIOS boot partition");
        }

        return new BuildSpec
        {
            File = file,
            Partitions = Partitions,
            DiskLabel = DiskLabel,
            BootloaderAppend = BootloaderAppend,
            BiosLoader = BiosLoader,
            BootloaderTimeoutSeconds = BootloaderTimeoutSeconds,
            RootPassword = RootPassword,
            Users = Users,
            Hostname = Hostname,
            Network = Network,
            Timezone = Timezone,
            Packages = Packages,
            PostScripts = PostScripts,
            Ignored = Ignored,
            Appliance = Appliance with
            {
                Root = source,
                Name = Appliance.Name ?? DefaultName(file),
            },
        };
    }

    private static string DefaultName(string file)
    {
        var name = new string(Path.GetFileNameWithoutExtension(file).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray());
        return name.Length == 0 ? "appliance" : name;
    }
}
