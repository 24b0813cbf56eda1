using System.Security.Cryptography;
using System.Text;

namespace WechatCare.Domain.Security;

/// <summary>
/// Field-level encryption for sensitive values (phones, addresses, health notes, session keys): AES-256-GCM with a
/// fresh nonce per value. The stored text carries the key id, so values written under an older key are still read
/// during a rotation (<c>Security:PreviousDataKeys</c>), and <see cref="NeedsReEncryption"/> finds them.
/// Stored form: <c>v1.{keyId}.{base64(nonce ‖ ciphertext ‖ tag)}</c>.
/// </summary>
public sealed class FieldCipher
{
    private const int NonceSize = 12, TagSize = 16;
    private readonly byte[] _currentKey;
    private readonly string _currentKeyId;
    private readonly Dictionary<string, byte[]> _keysById = new(StringComparer.Ordinal);
    /// <summary>The associated data each value is bound to (its key id), built once per key.</summary>
    private readonly Dictionary<string, byte[]> _aadByKeyId = new(StringComparer.Ordinal);
    private readonly byte[] _hashKey;
    private readonly byte[][] _allHashKeys;
    /// <summary>
    /// One <see cref="AesGcm"/> per key and thread instead of one per call, which set up and freed a native cipher
    /// context for every field of every read. An instance is not safe for concurrent use, hence per thread.
    /// </summary>
    private readonly ThreadLocal<Dictionary<string, AesGcm>> _ciphers = new(() => new(StringComparer.Ordinal));

    public FieldCipher(byte[] currentKey, IEnumerable<byte[]>? previousKeys = null)
    {
        if (currentKey.Length != 32) throw new ArgumentException("Security:DataKey must be 32 bytes (base64).");
        _currentKey = currentKey;
        _currentKeyId = KeyId(currentKey);
        _keysById[_currentKeyId] = currentKey;
        foreach (var key in previousKeys ?? []) _keysById.TryAdd(KeyId(key), key);
        foreach (var keyId in _keysById.Keys) _aadByKeyId[keyId] = Encoding.ASCII.GetBytes("wechatcare.v1." + keyId);
        // Lookup hashes use a key derived from the data key so one secret configures both.
        _hashKey = HashKey(currentKey);
        _allHashKeys = [_hashKey, .. _keysById.Values.Where(k => k != currentKey).Select(HashKey)];
    }

    private static byte[] HashKey(byte[] dataKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, 32, info: "wechatcare-lookup-hash"u8.ToArray());

    public static FieldCipher FromBase64(string currentKey, IEnumerable<string>? previousKeys = null) =>
        new(Convert.FromBase64String(currentKey), previousKeys?.Where(k => !string.IsNullOrWhiteSpace(k)).Select(Convert.FromBase64String));

    public string Encrypt(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[NonceSize + plain.Length + TagSize];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Cipher(_currentKeyId, _currentKey).Encrypt(nonce, plain, blob.AsSpan(NonceSize, plain.Length), blob.AsSpan(NonceSize + plain.Length), _aadByKeyId[_currentKeyId]);
        return $"v1.{_currentKeyId}.{Convert.ToBase64String(blob)}";
    }

    public string? EncryptOrNull(string? plaintext) => plaintext is null ? null : Encrypt(plaintext);

    public string Decrypt(string stored)
    {
        if (stored.Split('.', 3) is not ["v1", var keyId, var base64]) throw new CryptographicException("Not an encrypted field value.");
        if (!_keysById.TryGetValue(keyId, out var key)) throw new CryptographicException($"Field encrypted under unknown key id {keyId}.");
        var blob = new byte[base64.Length / 4 * 3];
        if (!Convert.TryFromBase64String(base64, blob, out var length) || length < NonceSize + TagSize)
            throw new CryptographicException("Not an encrypted field value.");
        var plain = new byte[length - NonceSize - TagSize];
        Cipher(keyId, key).Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize, plain.Length), blob.AsSpan(NonceSize + plain.Length, TagSize), plain,
            _aadByKeyId[keyId]);
        return Encoding.UTF8.GetString(plain);
    }

    private AesGcm Cipher(string keyId, byte[] key)
    {
        var mine = _ciphers.Value!;
        if (!mine.TryGetValue(keyId, out var aes)) mine[keyId] = aes = new AesGcm(key, TagSize);
        return aes;
    }

    public string? DecryptOrNull(string? stored) => stored is null ? null : Decrypt(stored);

    /// <summary>True when the value was written under an older key and should be re-encrypted.</summary>
    public bool NeedsReEncryption(string stored) => !stored.StartsWith(CurrentPrefix, StringComparison.Ordinal);

    /// <summary>How every value encrypted under the current key starts (<c>v1.{keyId}.</c>), for finding rows to re-encrypt in SQL.</summary>
    public string CurrentPrefix => $"v1.{_currentKeyId}.";

    /// <summary>A keyed hash (HMAC-SHA256, hex) for equality lookups on an encrypted column, e.g. a guardian's phone.</summary>
    public string LookupHash(string normalizedValue) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(normalizedValue)));

    /// <summary>The lookup hash under the current and every previous key: rows not yet re-hashed after a rotation still match.</summary>
    public IReadOnlyList<string> LookupHashes(string normalizedValue) =>
        _allHashKeys.Select(k => Convert.ToHexStringLower(HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(normalizedValue)))).ToList();

    private static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];
}
