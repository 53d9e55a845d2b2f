namespace VirtAppliance.Fuzz.Tests;

[Trait("Category", "Fast")]
public sealed class OracleTests
{
    [Fact]
    public void Documented_answers_to_bad_input_pass_and_anything_else_escapes()
    {
        using var scratch = new Scratch();
        Oracle.Run(new FuzzTarget("t", "t", (_, _) => throw new InvalidDataException("bad")), [], scratch);
        Oracle.Run(new FuzzTarget("t", "t", (_, _) => throw new NotSupportedException("unsupported")), [], scratch);
        Oracle.Run(new FuzzTarget("t", "t", (_, _) => throw new FileNotFoundException("backing file")), [], scratch);
        Assert.Throws<ArgumentOutOfRangeException>(() => Oracle.Run(new FuzzTarget("t", "t", (_, _) => throw new ArgumentOutOfRangeException("offset")), [], scratch));
        Assert.Throws<OverflowException>(() => Oracle.Run(new FuzzTarget("t", "t", (_, _) => throw new OverflowException()), [], scratch));
        Assert.Throws<NullReferenceException>(() => Oracle.Run(new FuzzTarget("t", "t", (_, _) => throw new NullReferenceException()), [], scratch));
    }

    [Fact]
    public void Target_names_are_unique_and_cover_every_parser_the_issue_lists()
    {
        var names = FuzzTargets.All.Select(t => t.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        string[] required =
        [
            "qcow2", "vmdk-sparse", "vmdk-stream", "vmdk-descriptor", "vhd", "vhdx", "vdi", "detect", "descriptor", "capabilities",
            "domain-capabilities", "kickstart", "recipe", "diff", "tar", "cpio", "index", "manifest", "zstd-blob", "envelope", "oci",
            "auth-challenge", "auth-file", "registry-token", "ovf", "ovf-manifest", "ova",
        ];
        Assert.Empty(required.Except(names));
    }
}
