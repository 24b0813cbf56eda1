using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WechatCare.Wechat.Push;

/// <summary>
/// WeChat's push signatures and safe-mode crypto (WXBizMsgCrypt, REFERENCE.md §4.3): AES-256-CBC with IV = key[0..16],
/// PKCS#7 padding to 32 bytes, frame = random(16) | length (4, big-endian) | message (UTF-8) | appid.
/// </summary>
public static class WechatMessageCrypto
{
    private const int PaddingBlock = 32;

    /// <summary>hex(sha1(concat(sort(parts)))) — sorted ordinally; the culture-aware default sort gives wrong answers.</summary>
    public static string Sign(params string[] parts)
    {
        var sorted = parts.Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
    }

    /// <summary>Constant-time, case-insensitive comparison of a received signature with the expected one.</summary>
    public static bool SignatureMatches(string? received, params string[] parts)
    {
        if (string.IsNullOrEmpty(received)) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(parts));
        var actual = Encoding.ASCII.GetBytes(received.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>The 32-byte AES key from the 43-character EncodingAESKey.</summary>
    public static byte[] KeyFrom(string encodingAesKey)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(encodingAesKey + "=");
        }
        catch (FormatException e)
        {
            throw new ArgumentException("EncodingAesKey is not 43 characters of Base64.", nameof(encodingAesKey), e);
        }
        return key.Length == 32 ? key : throw new ArgumentException("EncodingAesKey must decode to 32 bytes.", nameof(encodingAesKey));
    }

    /// <summary>Decrypts an Encrypt field and checks that it was meant for <paramref name="expectedAppId"/>.</summary>
    public static string Decrypt(byte[] key, string encrypt, string expectedAppId)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypt);
        }
        catch (FormatException e)
        {
            throw new WechatPushException(WechatPushRejection.Malformed, "Encrypt is not valid Base64.", e);
        }
        if (cipher.Length == 0 || cipher.Length % 16 != 0)
            throw new WechatPushException(WechatPushRejection.Malformed, "Encrypt is not a whole number of AES blocks.");

        using var aes = Aes.Create();
        aes.Key = key;
        var plain = aes.DecryptCbc(cipher, key.AsSpan(0, 16), PaddingMode.None);

        var pad = plain[^1];
        if (pad is < 1 or > PaddingBlock || pad > plain.Length || plain.AsSpan(plain.Length - pad).ContainsAnyExcept(pad))
            throw new WechatPushException(WechatPushRejection.Malformed, "Bad PKCS#7 padding after decryption.");
        var frame = plain.AsSpan(0, plain.Length - pad);

        if (frame.Length < 20)
            throw new WechatPushException(WechatPushRejection.Malformed, "Decrypted frame is too short.");
        var length = BinaryPrimitives.ReadInt32BigEndian(frame.Slice(16, 4));
        if (length < 0 || length > frame.Length - 20)
            throw new WechatPushException(WechatPushRejection.Malformed, "Decrypted message length is out of range.");

        var appId = Encoding.UTF8.GetString(frame[(20 + length)..]);
        if (!string.Equals(appId, expectedAppId, StringComparison.Ordinal))
            throw new WechatPushException(WechatPushRejection.WrongAppId, "The push was encrypted for another AppId.");
        return Encoding.UTF8.GetString(frame.Slice(20, length));
    }

    /// <summary>Encrypts a reply; <paramref name="random16"/> must be 16 fresh random bytes (fixed only in tests).</summary>
    public static string Encrypt(byte[] key, ReadOnlySpan<byte> random16, string message, string appId)
    {
        if (random16.Length != 16) throw new ArgumentException("Need exactly 16 random bytes.", nameof(random16));
        var body = Encoding.UTF8.GetBytes(message);
        var tail = Encoding.UTF8.GetBytes(appId);
        var unpadded = 16 + 4 + body.Length + tail.Length;
        var pad = PaddingBlock - unpadded % PaddingBlock;

        var frame = new byte[unpadded + pad];
        random16.CopyTo(frame);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(16, 4), body.Length);
        body.CopyTo(frame, 20);
        tail.CopyTo(frame, 20 + body.Length);
        frame.AsSpan(unpadded).Fill((byte)pad);

        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(frame, key.AsSpan(0, 16), PaddingMode.None));
    }
}
