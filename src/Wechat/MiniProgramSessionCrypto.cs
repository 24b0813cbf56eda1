using System.Security.Cryptography;
using System.Text;

namespace WechatCare.Wechat;

/// <summary>What the mini-program's session_key protects: rawData signatures and encryptedData (AES-128-CBC, PKCS#7).</summary>
public static class MiniProgramSessionCrypto
{
    /// <summary>signature == sha1(rawData + session_key), compared in constant time.</summary>
    public static bool VerifyRawDataSignature(string rawData, string sessionKey, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(rawData + sessionKey))));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }

    /// <summary>Decrypts encryptedData with the user's session_key; check watermark.appid in the JSON it returns.</summary>
    public static string DecryptUserData(string sessionKey, string iv, string encryptedData)
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(sessionKey);
        var plain = aes.DecryptCbc(Convert.FromBase64String(encryptedData), Convert.FromBase64String(iv), PaddingMode.PKCS7);
        return Encoding.UTF8.GetString(plain);
    }
}
