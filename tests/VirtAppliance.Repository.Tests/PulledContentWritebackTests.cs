using VirtAppliance.DiskImages;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Repository.Tests;

/// <summary>
/// A pull leaves writing its content back to the kernel's background writeback. On ext4 a file truncated to size 0
/// is written back in full when it is closed (auto_da_alloc), which put the whole disk's write-out on the pull's path.
/// </summary>
[Trait("Category", "Tools")]
public sealed class PulledContentWritebackTests
{
    /// <summary>
    /// The root disk ends in data and holes alternating every 64 KiB: writes too small to reserve, so some of its
    /// blocks are in delayed allocation, which is what makes ext4 write a truncated file back when it is closed.
    /// After a pull, once any write-out already started has finished, the root disk's reserved blocks are still
    /// "unwritten": nothing started it. A control file written the same way and closed just before the pull tells
    /// whether the kernel's own writeback ran meanwhile (it clears the flag of both); such an attempt is repeated.
    /// </summary>
    [Fact]
    public void A_pulled_disk_is_not_written_back_when_its_content_file_is_closed()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var fixture = new RepositoryFixture(folder: Ext4Files.Folder());
            File.WriteAllBytes(Path.Combine(fixture.Source, "root.img"), RepositoryFixture.DataThenAlternatingHoles());
            fixture.Publish();
            var control = fixture.Folder.File("control");
            using (var handle = File.OpenHandle(control, FileMode.CreateNew, FileAccess.Write))
            {
                HostFile.WriteData(handle, File.ReadAllBytes(Path.Combine(fixture.Source, "root.img")), 0);
            }

            var root = Path.Combine(Path.GetDirectoryName(fixture.Pull(fixture.Open()).DescriptorPath)!, "root.img");
            Ext4Files.WaitForStartedWriteback(root);
            Ext4Files.WaitForStartedWriteback(control);
            var (rootExtents, controlExtents) = (Ext4Files.Extents(root), Ext4Files.Extents(control));
            if (!controlExtents.Contains("unwritten"))
            {
                continue;
            }

            Assert.Contains("unwritten", rootExtents);
            Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Source, "root.img")), File.ReadAllBytes(root));
            return;
        }

        Assert.Fail("the kernel wrote every attempt back before filefrag could look at it");
    }
}
