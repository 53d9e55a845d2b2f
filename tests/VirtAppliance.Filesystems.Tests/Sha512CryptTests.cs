using VirtAppliance.TestSupport;
using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Filesystems.Tests;

[Trait("Category", "Tools")]
public sealed class Sha512CryptTests
{
    [Theory]
    [InlineData("secret", "abcdefgh")]
    [InlineData("x", "saltsalt")]
    [InlineData("a much longer password that goes on beyond sixty-four bytes of text, to take the other branch", "0123456789abcdef")]
    [InlineData("pässwörd", "xy")]
    public void MatchesOpenssl(string password, string salt)
    {
        var expected = ExternalTool.Ok("openssl", "passwd", "-6", "-salt", salt, password).Trim();

        Assert.Equal(expected, Sha512Crypt.Hash(password, salt));
    }

    [Fact]
    public void MatchesTheSpecificationsExample() =>
        Assert.Equal("$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
            Sha512Crypt.Hash("Hello world!", "saltstring"));

    [Fact]
    public void SaltsLongerThanSixteenCharactersAreCut() =>
        Assert.StartsWith("$6$0123456789abcdef$", Sha512Crypt.Hash("x", "0123456789abcdefXYZ"));
}
