using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.RoughEdges;

/// <summary>
/// Ctrl-C, SIGTERM and SIGHUP end a writing command with its temporaries removed and the exit status shells expect;
/// what a SIGKILL left behind is swept by the next command writing beside it.
/// </summary>
[Trait("Category", "Fast")]
public sealed class InterruptionTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(RunningCommand.SigInt, 130)]
    [InlineData(RunningCommand.SigTerm, 143)]
    [InlineData(RunningCommand.SigHup, 129)]
    public void An_interrupted_convert_says_so_and_leaves_neither_temporary_nor_output(int signal, int expectedExit)
    {
        var work = Directory.CreateDirectory(folder.File("work")).FullName;
        var source = Path.Combine(work, "random.raw");
        WriteIncompressible(source, 64 << 20);
        var destination = Path.Combine(work, "out.qcow2");

        // zstd at its slowest level on one thread: the conversion is still running when the signal comes.
        using var command = RunningCommand.Start(folder.File("state"), ["image", "convert", "-O", "qcow2", "-c", "--compression", "zstd", "--level", "19", "--threads", "1", source, destination]);
        WaitForEntry(work, ".out.qcow2.tmp-");
        command.Signal(signal);
        var result = command.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(expectedExit, result.ExitCode);
        Assert.Contains("interrupted", result.Error, StringComparison.Ordinal);
        Assert.Equal(["random.raw"], Directory.GetFileSystemEntries(work).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("ova", "big.ova", ".export-")]
    [InlineData("vagrant", "big.box", ".vagrant-")]
    public void An_interrupted_export_leaves_neither_its_work_folder_nor_a_package(string target, string package, string workPrefix)
    {
        var work = Directory.CreateDirectory(folder.File("export")).FullName;
        WriteIncompressible(Path.Combine(work, "disk.raw"), 512 << 20);
        File.WriteAllText(Path.Combine(work, "app.xml"), """
            <image><name>big</name><domain><boot type="hvm"><guest><arch>x86_64</arch></guest><os><loader dev="hd"/></os>
              <drive disk="disk.raw" target="vda"/></boot></domain><storage><disk file="disk.raw"/></storage></image>
            """);

        // 512 MiB that deflate cannot shrink: the compressing conversion is still running when the signal comes.
        TerminateOnceWorkStarts(["export", Path.Combine(work, "app.xml"), "--to", target, "-o", Path.Combine(work, package)], work, workPrefix, ["app.xml", "disk.raw"]);
    }

    [Fact]
    public void An_interrupted_import_leaves_neither_its_work_folder_nor_an_appliance_folder()
    {
        var work = Directory.CreateDirectory(folder.File("import")).FullName;
        var disk = Path.Combine(work, "disk.raw");
        WriteIncompressible(disk, 512 << 20);
        File.WriteAllText(Path.Combine(work, "big.ovf"), """
            <Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
              xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
              <References><File ovf:id="file1" ovf:href="disk.raw"/></References>
              <DiskSection><Info>disks</Info><Disk ovf:diskId="disk1" ovf:fileRef="file1" ovf:capacity="536870912"/></DiskSection>
              <VirtualSystem ovf:id="big"><Info>a machine</Info>
                <VirtualHardwareSection><Info>hardware</Info>
                  <Item><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType><rasd:HostResource>ovf:/disk/disk1</rasd:HostResource></Item>
                </VirtualHardwareSection>
              </VirtualSystem>
            </Envelope>
            """);
        ExternalTool.Ok("tar", "-C", work, "-cf", Path.Combine(work, "big.ova"), "big.ovf", "disk.raw");
        File.Delete(disk);

        // 512 MiB of random data to unpack and convert: the import is still running when the signal comes.
        TerminateOnceWorkStarts(["import", Path.Combine(work, "big.ova"), "-o", Path.Combine(work, "big")], work, ".import-", ["big.ova", "big.ovf"]);
    }

    /// <summary>SIGTERM as soon as the command's work folder appears: exit 143, "interrupted", and only <paramref name="kept"/> left in the folder.</summary>
    private void TerminateOnceWorkStarts(string[] arguments, string work, string workPrefix, string[] kept)
    {
        using var command = RunningCommand.Start(folder.File("state"), arguments);
        WaitForEntry(work, workPrefix);
        command.Signal(RunningCommand.SigTerm);
        var result = command.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(143, result.ExitCode);
        Assert.Contains("interrupted", result.Error, StringComparison.Ordinal);
        Assert.Equal(kept, Directory.GetFileSystemEntries(work).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Temporaries_of_a_process_that_no_longer_runs_are_swept_and_live_ones_are_not()
    {
        var source = folder.File("disk.raw");
        SampleDisk.WriteRaw(source, 1 << 20, 5);
        var dead = DeadProcessId();
        var stale = folder.File($".disk.qcow2.tmp-{dead}-0123abcd");
        var staleFolder = folder.File($".customize-disk.qcow2-{dead}-89abcdef");
        var live = folder.File($".disk.qcow2.tmp-{Environment.ProcessId}-fedcba98");
        var notOurs = folder.File(".disk.qcow2.tmp-keep-me");
        File.WriteAllText(stale, "left by SIGKILL");
        Directory.CreateDirectory(Path.Combine(staleFolder, "root"));
        File.WriteAllText(live, "being written");
        File.WriteAllText(notOurs, "someone else's");

        Assert.Equal(0, CliRunner.Run("image", "convert", "-O", "qcow2", source, folder.File("disk.qcow2")).ExitCode);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(notOurs));
        Assert.True(Directory.Exists(staleFolder), "a convert sweeps only its own destination's temporaries");
        DiskImages.TemporaryFile.Folder(folder.Path, "customize-disk.qcow2");
        Assert.False(Directory.Exists(staleFolder));
    }

    /// <summary>The highest process id that is not running now.</summary>
    private static int DeadProcessId()
    {
        var max = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return Enumerable.Range(1, max - 1).Select(i => max - i).First(pid => !Directory.Exists($"/proc/{pid}"));
    }

    private static void WriteIncompressible(string path, int size)
    {
        var data = new byte[size];
        new Random(20).NextBytes(data);
        File.WriteAllBytes(path, data);
    }

    private static void WaitForEntry(string folder, string prefix)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!Directory.EnumerateFileSystemEntries(folder, prefix + "*").Any())
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {prefix}* appeared in {folder} within 30 s");
            Thread.Sleep(20);
        }
    }
}
