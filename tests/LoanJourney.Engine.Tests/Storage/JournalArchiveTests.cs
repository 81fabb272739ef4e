using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Tests.Storage;

/// <summary>
/// The packed journal's blobs (issue 17, round 43): format 2 is zstd with a fixed dictionary; format 1 (Brotli, rounds
/// 31–42) is still read; a build that knows only format 1 refuses format 2 rather than misreading it.
/// </summary>
public sealed partial class JournalArchiveTests
{
    [Fact]
    public void TheDictionary_IsTheOneFormat2WasWrittenWith()
    {
        // Every format-2 archive ever written decodes only with these bytes: another dictionary is another format byte.
        Assert.Equal("d58148372c87940e7aea9de0ff8cfb9ebdfa0fa711dba63dede116245cf3b38d", Convert.ToHexStringLower(SHA256.HashData(JournalArchive.Dictionary)));
    }

    [Fact]
    public void Encode_WritesFormat2_WhichABuildKnowingOnlyFormat1Refuses()
    {
        var (entries, data) = JournalArchive.Encode(PersonalLoanJournal("pl-1", seed: 1));

        // A build before round 43 checks `stored[0] != 1` and throws "Unknown journal archive format".
        Assert.Equal(2, entries[0]);
        Assert.Equal(2, data![0]);
    }

    [Fact]
    public void Decode_ReadsAFormat1ArchiveWrittenBeforeRound43()
    {
        var expected = PersonalLoanJournal("pl-old", seed: 2);
        var (entries, data) = Format1(expected);

        Assert.Equal(expected, JournalArchive.Decode("pl-old", entries, data));
    }

    [Fact]
    public void APersonalLoansJournal_ReadsBackExactly_AndPacksToAtMostThreeQuartersOfFormat1()
    {
        var journal = PersonalLoanJournal("pl-2", seed: 3);
        var (entries, data) = JournalArchive.Encode(journal);
        var (oldEntries, oldData) = Format1(journal);

        Assert.Equal(journal, JournalArchive.Decode("pl-2", entries, data));
        Assert.True(entries.Length + data!.Length <= (oldEntries.Length + oldData!.Length) * 3 / 4,
            $"format 2: {entries.Length} + {data.Length} bytes; format 1: {oldEntries.Length} + {oldData.Length}");
    }

    // Round 44: the level changes no format byte. An archive written at level 19 (rounds 43, main until then) reads back
    // exactly, and today's level stays within a tenth of level 19's bytes (the margin under issue 17's 11.5 KB per journey).
    [Fact]
    public void AnArchiveWrittenAtLevel19_ReadsBackExactly_AndTodaysLevelIsWithinATenthOfItsBytes()
    {
        var journal = PersonalLoanJournal("pl-19", seed: 4);
        var (skeleton, texts) = JournalArchive.Sources(journal);
        using var level19 = JournalArchive.NewCompressor(19);
        var (entries19, data19) = (JournalArchive.CompressWithDictionary(skeleton, level19), JournalArchive.CompressWithDictionary(texts!, level19));
        var (entries, data) = JournalArchive.Encode(journal);

        Assert.Equal(journal, JournalArchive.Decode("pl-19", entries19, data19));
        Assert.Equal(2, entries[0]);
        Assert.Equal(2, data![0]);
        Assert.True((entries.Length + data.Length) * 10 <= (entries19.Length + data19.Length) * 11,
            $"level {JournalArchive.Level}: {entries.Length} + {data.Length} bytes; level 19: {entries19.Length} + {data19.Length}");
    }

    // Where the dictionary does not help, the archive keeps format 1's Brotli: never larger than before.
    [Fact]
    public void AJournalUnlikeTheDictionary_IsNoLargerThanFormat1()
    {
        var journal = Enumerable.Range(1, 40).Select(i => new JournalRecord(i, "other", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + (i * 977)),
            i % 2 == 0 ? "LenderCall" : JournalKinds.StepStarted, $"step{i % 7}", 1,
            i % 5 == 0 ? null : JsonSerializer.Serialize(new { vendor = "Acme Credit", call = $"score/{i}", body = new { band = i % 4, text = $"reply number {i * 7919} from the bureau" } })))
            .ToList();
        var (entries, data) = JournalArchive.Encode(journal);
        var (oldEntries, oldData) = Format1(journal);

        Assert.Equal(journal, JournalArchive.Decode("other", entries, data));
        Assert.True(entries.Length + data!.Length <= oldEntries.Length + oldData!.Length,
            $"format 2: {entries.Length} + {data.Length} bytes; format 1: {oldEntries.Length} + {oldData.Length}");
    }

    // A sandbox personal-loan journey's journal with its own ids, times and amounts: the dictionary's journey, its
    // uuids, correlation id and the sub-second digits of its clock times replaced.
    private static List<JournalRecord> PersonalLoanJournal(string id, int seed)
    {
        var random = new Random(seed);
        var reader = new Utf8JsonReader(JournalArchive.Dictionary, new JsonReaderOptions { AllowMultipleValues = true });
        using var skeleton = JsonDocument.ParseValue(ref reader);
        Assert.True(reader.Read()); // the second array: the data texts
        using var texts = JsonDocument.ParseValue(ref reader);
        var correlation = "E2E-PL-" + Convert.ToHexString(BitConverter.GetBytes(random.NextInt64()))[..12];
        var records = new List<JournalRecord>();
        long seq = 0;
        var at = 1_790_000_000_000L + random.Next(1_000_000);
        var data = texts.RootElement.EnumerateArray().ToList();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal); // each reference id repeats in its polls, as a lender's do
        foreach (var (entry, index) in skeleton.RootElement.EnumerateArray().Select((e, i) => (e, i)))
        {
            var e = entry.EnumerateArray().ToList();
            seq += e[0].GetInt64();
            at += e[1].GetInt64() + random.Next(3);
            var text = data[index].ValueKind == JsonValueKind.Null ? null : data[index].GetString()!;
            if (text is not null)
            {
                text = text.Replace("E2E-PL-000000000000", correlation, StringComparison.Ordinal);
                text = Uuid().Replace(text, m => ids.TryGetValue(m.Value, out var same) ? same : ids[m.Value] = new Guid(Bytes(random)).ToString());
                text = SubSecond().Replace(text, m => m.Value[..2] + random.Next(10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture)[..(m.Length - 2)]);
            }

            records.Add(new JournalRecord(seq, id, DateTimeOffset.FromUnixTimeMilliseconds(at), e[2].GetString()!,
                e[3].ValueKind == JsonValueKind.Null ? null : e[3].GetString(), e[4].ValueKind == JsonValueKind.Null ? null : e[4].GetInt32(), text));
        }

        return records;
    }

    private static byte[] Bytes(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return bytes;
    }

    // Format 1 as rounds 31–42 wrote it: Brotli quality 5, window 22, of the same JSON arrays.
    private static (byte[] Entries, byte[]? Data) Format1(IReadOnlyList<JournalRecord> journal)
    {
        var skeleton = new StringBuilder("[");
        long seq = 0;
        long at = 0;
        foreach (var e in journal)
        {
            var ms = e.At.ToUnixTimeMilliseconds();
            skeleton.Append(skeleton.Length > 1 ? "," : "").Append('[').Append(e.Sequence - seq).Append(',').Append(ms - at).Append(',')
                .Append(JsonSerializer.Serialize(e.Kind)).Append(',').Append(JsonSerializer.Serialize(e.StepId)).Append(',')
                .Append(e.Attempt is { } a ? a.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null").Append(']');
            (seq, at) = (e.Sequence, ms);
        }

        return (Brotli(skeleton.Append(']').ToString()), Brotli(JsonSerializer.Serialize(journal.Select(e => e.DataJson))));
    }

    private static byte[] Brotli(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var output = new byte[5 + BrotliEncoder.GetMaxCompressedLength(utf8.Length)];
        output[0] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(1), utf8.Length);
        Assert.True(BrotliEncoder.TryCompress(utf8, output.AsSpan(5), out var written, 5, 22));
        return output[..(5 + written)];
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    // The sub-second digits of a time (its seconds' last digit and fraction): the part of a journey's clock times that differs.
    [GeneratedRegex(@"\d\.\d{2,7}(?=[\\+Z""])")]
    private static partial Regex SubSecond();
}
