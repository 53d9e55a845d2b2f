using VirtAppliance.Customization.Applying;

namespace VirtAppliance.Customization.Tests;

[Trait("Category", "Fast")]
public sealed class UnifiedPatchTests
{
    private const string Group = "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\n";

    private const string AddWheel = """
        --- a/etc/group
        +++ b/etc/group
        @@ -3,3 +3,4 @@
         bin:x:2:
         sys:x:3:
         adm:x:4:
        +wheel:x:10:root

        """;

    [Fact]
    public void AppliesAHunkAtItsPlace() =>
        Assert.Equal(Group + "wheel:x:10:root\n", UnifiedPatch.Parse(AddWheel).Apply(Group));

    [Fact]
    public void AHunkWhoseLinesMovedStillAppliesByExactContext()
    {
        var moved = "first:x:100:\n" + Group;

        Assert.Equal(moved + "wheel:x:10:root\n", UnifiedPatch.Parse(AddWheel).Apply(moved));
    }

    [Fact]
    public void APatchAlreadyAppliedChangesNothing()
    {
        var patched = UnifiedPatch.Parse(AddWheel).Apply(Group);

        Assert.Equal(patched, UnifiedPatch.Parse(AddWheel).Apply(patched));
    }

    [Fact]
    public void AHunkThatDoesNotApplyIsShown()
    {
        var error = Assert.Throws<InvalidDataException>(() => UnifiedPatch.Parse(AddWheel).Apply("root:x:0:\nusers:x:100:\n"));

        Assert.Contains("hunk @@ -3,3 +3,4 @@ does not apply", error.Message);
        Assert.Contains(" sys:x:3:", error.Message);
    }

    [Fact]
    public void ReplacesAndRemovesLines()
    {
        var diff = "@@ -1,2 +1,2 @@\n-root:x:0:\n+root:x:0:admin\n daemon:x:1:\n@@ -5 +4,0 @@\n-adm:x:4:\n";

        Assert.Equal("root:x:0:admin\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\n", UnifiedPatch.Parse(diff).Apply(Group));
    }

    [Fact]
    public void ADiffOfTwoFilesIsRefused() =>
        Assert.Throws<InvalidDataException>(() => UnifiedPatch.Parse("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n--- a/y\n+++ b/y\n@@ -1 +1 @@\n-a\n+b\n"));
}
