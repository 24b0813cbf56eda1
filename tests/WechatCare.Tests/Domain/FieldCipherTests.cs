using System.Security.Cryptography;
using WechatCare.Domain.Security;

namespace WechatCare.Tests.Domain;

public sealed class FieldCipherTests
{
    private static byte[] Key() => RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_value_round_trips_and_the_stored_text_does_not_contain_it()
    {
        var cipher = new FieldCipher(Key());
        var stored = cipher.Encrypt("13800138000");
        Assert.DoesNotContain("13800138000", stored);
        Assert.Equal("13800138000", cipher.Decrypt(stored));
        Assert.NotEqual(stored, cipher.Encrypt("13800138000"));   // a fresh nonce every time
    }

    [Fact]
    public void After_a_key_rotation_old_values_are_read_and_flagged_for_re_encryption()
    {
        var oldKey = Key();
        var stored = new FieldCipher(oldKey).Encrypt("贵州省毕节市某村 12 号");
        var rotated = new FieldCipher(Key(), [oldKey]);

        Assert.Equal("贵州省毕节市某村 12 号", rotated.Decrypt(stored));
        Assert.True(rotated.NeedsReEncryption(stored));
        Assert.False(rotated.NeedsReEncryption(rotated.Encrypt("x")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(160)]
    [InlineData(2000)]   // long health notes
    public void Values_of_any_length_round_trip(int characters)
    {
        var cipher = new FieldCipher(Key());
        var text = string.Concat(Enumerable.Range(0, characters).Select(i => "哮喘需随身带药。"[i % 8]));
        Assert.Equal(text, cipher.Decrypt(cipher.Encrypt(text)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("13800138000")]
    [InlineData("v1.")]
    [InlineData("v1..AAAA")]
    [InlineData("v2.abcdef12.AAAA")]
    public void Text_that_is_not_an_encrypted_value_is_refused(string stored) =>
        Assert.ThrowsAny<CryptographicException>(() => new FieldCipher(Key()).Decrypt(stored));

    [Theory]
    [InlineData("AAAA")]       // shorter than a nonce and a tag
    [InlineData("not base64")]
    public void A_value_under_the_current_key_that_is_too_short_or_not_base64_is_refused(string payload)
    {
        var cipher = new FieldCipher(Key());
        Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt(cipher.CurrentPrefix + payload));
    }

    [Fact]
    public void A_tampered_value_or_an_unknown_key_is_refused()
    {
        var cipher = new FieldCipher(Key());
        var stored = cipher.Encrypt("过敏：青霉素");
        var bytes = Convert.FromBase64String(stored.Split('.')[2]);
        bytes[^1] ^= 1;
        var tampered = string.Join('.', stored.Split('.')[..2]) + "." + Convert.ToBase64String(bytes);

        Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt(tampered));
        Assert.ThrowsAny<CryptographicException>(() => new FieldCipher(Key()).Decrypt(stored));
    }

    [Fact]
    public void The_lookup_hash_is_stable_for_a_key_and_differs_between_keys()
    {
        var key = Key();
        Assert.Equal(new FieldCipher(key).LookupHash("13800138000"), new FieldCipher(key).LookupHash("13800138000"));
        Assert.NotEqual(new FieldCipher(key).LookupHash("13800138000"), new FieldCipher(Key()).LookupHash("13800138000"));
    }
}
