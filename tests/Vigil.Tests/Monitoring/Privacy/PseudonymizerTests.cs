using System.Security.Cryptography;
using System.Text;
using Vigil.Monitoring;
using Xunit;

namespace Vigil.Tests.Monitoring.Privacy;

/// <summary>
/// The pseudonyms are HMAC-SHA-256(key, kind + U+001F + UTF-8(id)), first 16 bytes in hex: checked against that
/// construction made here with the one-shot API, for short, non-ASCII and long ids, for two keys used in turn on one
/// thread (each thread keeps one keyed HMAC), and from many threads at once.
/// </summary>
public sealed class PseudonymizerTests
{
    private static readonly byte[] KeyA = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] KeyB = [.. Enumerable.Range(101, 40).Select(i => (byte)i)];

    private static string Reference(byte[] key, string kind, string prefix, string id) =>
        prefix + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(kind + "\u001f" + id))[..16]);

    public static TheoryData<string> Ids() => new()
    {
        "enc-1", "", "ÉNC-Ünïcødé-病院-🙂", new string('x', 256), new string('é', 2_000), "a\u001fb",
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void Pseudonyms_AreTheKeyedHmacOfKindAndId(string id)
    {
        var p = new Pseudonymizer(KeyA);
        Assert.Equal(Reference(KeyA, "encounter", "e_", id), p.Encounter(id));
        Assert.Equal(Reference(KeyA, "patient", "p_", id), p.Patient(id));
        Assert.Matches("^e_[0-9a-f]{32}$", p.Encounter(id));
        Assert.NotEqual(p.Encounter(id)[2..], p.Patient(id)[2..]);
    }

    [Fact]
    public void TwoKeysInTurnOnOneThread_EachGivesItsOwnPseudonyms()
    {
        var a = new Pseudonymizer(KeyA);
        var b = new Pseudonymizer(KeyB);
        for (var i = 0; i < 20; i++)
        {
            var id = "enc-" + i;
            Assert.Equal(Reference(KeyA, "encounter", "e_", id), a.Encounter(id));
            Assert.Equal(Reference(KeyB, "encounter", "e_", id), b.Encounter(id));
            Assert.Equal(Reference(KeyA, "patient", "p_", id), a.Patient(id));
        }
        Assert.NotEqual(a.Encounter("x"), b.Encounter("x"));
    }

    [Fact]
    public async Task ManyThreadsAtOnce_GiveTheSamePseudonymsAsOne()
    {
        var p = new Pseudonymizer(KeyA);
        var ids = Enumerable.Range(0, 2_000).Select(i => "pat-" + i).ToArray();
        var expected = ids.Select(id => Reference(KeyA, "patient", "p_", id)).ToArray();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var got = new string[ids.Length];
            for (var k = 0; k < ids.Length; k++)
            {
                var i = (k + t * 250) % ids.Length;
                got[i] = p.Patient(ids[i]);
            }
            return got;
        })));
        foreach (var got in results) Assert.Equal(expected, got);
    }
}
