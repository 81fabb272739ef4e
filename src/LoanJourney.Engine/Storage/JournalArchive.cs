using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// A finished journey's journal packed into one <c>journal_archive</c> row (both stores): <c>entries_z</c> holds each
/// entry's sequence, time, kind, step and attempt, <c>data_z</c> the data texts (NULL once redacted). Each blob is a format
/// byte, the uncompressed length (4 bytes, little-endian) and the compressed bytes of a UTF-8 JSON array; sequences and
/// times are stored as differences from the previous entry. The data texts are kept as they were stored, so a packed
/// journal reads back exactly as its rows did.
/// Format 2 (written since round 43, issue 17; level 19 until round 44, <see cref="Level"/> since): zstd (ZstdSharp) with the fixed dictionary <c>JournalArchive.dict.json</c>
/// (the skeleton and data texts of one sandbox personal-loan journey, ids and correlation id zeroed; masked values only),
/// which holds the keys, kinds and lender shapes every journey repeats: a personal-loan journal's ~3.4 KB become ~1 KB, so
/// a PostgreSQL page holds several archive rows instead of two. The dictionary file is part of the format and never
/// changes (a test pins its hash); another dictionary is another format byte. Format 1 (Brotli quality 5, no dictionary)
/// is still read, and still written for a blob it makes smaller (a journal unlike the dictionary). A build that knows only format 1 refuses a format-2 blob ("Unknown journal archive format 2").
/// </summary>
internal static class JournalArchive
{
    private const byte Brotli = 1;
    private const byte ZstdDictionary = 2;
    private const int BrotliQuality = 5;
    private const int BrotliWindow = 22;

    // zstd's level (any level's frame decodes the same; no format byte depends on it). Round 44 (docs/PERFORMANCE.md):
    // level 19 cost ~11 ms of CPU per personal-loan journey for blobs ~7 % smaller than level 10's ~0.6 ms.
    internal const int Level = 10;

    /// <summary>The dictionary of format 2 (embedded; never changes).</summary>
    internal static readonly byte[] Dictionary = LoadDictionary();

    [ThreadStatic]
    private static ZstdSharp.Compressor? t_compressor;

    [ThreadStatic]
    private static ZstdSharp.Decompressor? t_decompressor;

    /// <summary>The blobs of <paramref name="entries"/> (in sequence order); data is null when no entry has any.</summary>
    public static (byte[] Entries, byte[]? Data) Encode(IReadOnlyList<JournalRecord> entries)
    {
        var (skeleton, data) = Sources(entries);
        return (Compress(skeleton), data is null ? null : Compress(data));
    }

    /// <summary>The two UTF-8 JSON arrays that <see cref="Encode"/> compresses: the skeleton and the data texts (null when no entry has any).</summary>
    internal static (byte[] Skeleton, byte[]? Data) Sources(IReadOnlyList<JournalRecord> entries)
    {
        using var skeleton = new MemoryStream();
        using (var writer = new Utf8JsonWriter(skeleton))
        {
            writer.WriteStartArray();
            long seq = 0;
            long at = 0;
            foreach (var e in entries)
            {
                var ms = e.At.ToUnixTimeMilliseconds();
                writer.WriteStartArray();
                writer.WriteNumberValue(e.Sequence - seq);
                writer.WriteNumberValue(ms - at);
                writer.WriteStringValue(e.Kind);
                WriteNullable(writer, e.StepId);
                if (e.Attempt is { } attempt)
                {
                    writer.WriteNumberValue(attempt);
                }
                else
                {
                    writer.WriteNullValue();
                }

                writer.WriteEndArray();
                (seq, at) = (e.Sequence, ms);
            }

            writer.WriteEndArray();
        }

        byte[]? data = null;
        if (entries.Any(e => e.DataJson is not null))
        {
            using var texts = new MemoryStream();
            using (var writer = new Utf8JsonWriter(texts))
            {
                writer.WriteStartArray();
                foreach (var e in entries)
                {
                    WriteNullable(writer, e.DataJson);
                }

                writer.WriteEndArray();
            }

            data = texts.ToArray();
        }

        return (skeleton.ToArray(), data);
    }

    /// <summary>The entries of an archive row, in sequence order.</summary>
    public static List<JournalRecord> Decode(string instanceId, byte[] entries, byte[]? data)
    {
        var texts = new List<string?>();
        if (data is not null)
        {
            var reader = new Utf8JsonReader(Decompress(data));
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartArray);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                texts.Add(reader.TokenType == JsonTokenType.Null ? null : reader.GetString());
            }
        }

        var records = new List<JournalRecord>();
        var skeleton = new Utf8JsonReader(Decompress(entries));
        Expect(skeleton.Read() && skeleton.TokenType == JsonTokenType.StartArray);
        long seq = 0;
        long at = 0;
        while (skeleton.Read() && skeleton.TokenType == JsonTokenType.StartArray)
        {
            Expect(skeleton.Read());
            seq += skeleton.GetInt64();
            Expect(skeleton.Read());
            at += skeleton.GetInt64();
            Expect(skeleton.Read());
            var kind = skeleton.GetString()!;
            Expect(skeleton.Read());
            var step = skeleton.TokenType == JsonTokenType.Null ? null : skeleton.GetString();
            Expect(skeleton.Read());
            int? attempt = skeleton.TokenType == JsonTokenType.Null ? null : skeleton.GetInt32();
            Expect(skeleton.Read() && skeleton.TokenType == JsonTokenType.EndArray);
            var index = records.Count;
            records.Add(new JournalRecord(seq, instanceId, DateTimeOffset.FromUnixTimeMilliseconds(at), kind, step, attempt, index < texts.Count ? texts[index] : null));
        }

        return records;
    }

    /// <summary>
    /// One page of a journal that is its archive (older entries, <paramref name="archived"/> of them) followed by its rows
    /// (<paramref name="rowCount"/>); <paramref name="decode"/> unpacks the archive, <paramref name="rows"/> reads rows by offset and count.
    /// </summary>
    public static async Task<PagedResult<JournalRecord>> PageAsync(long archived, Func<List<JournalRecord>> decode, long rowCount, int skip, int take,
        Func<long, int, Task<IEnumerable<JournalRecord>>> rows)
    {
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, 1000);
        var page = new List<JournalRecord>(Math.Min(take, 128));
        if (skip < archived)
        {
            page.AddRange(decode().Skip(skip).Take(take));
        }

        if (page.Count < take && rowCount > 0 && skip + page.Count < archived + rowCount)
        {
            page.AddRange(await rows(Math.Max(0, skip - archived), take - page.Count));
        }

        return new PagedResult<JournalRecord>(page, archived + rowCount);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    // Format 2, or format 1 where the dictionary does not help (a journal unlike it): whichever is smaller.
    private static byte[] Compress(ReadOnlySpan<byte> source) => Compress(source, t_compressor ??= NewCompressor(Level));

    /// <summary>Format 2 by <paramref name="compressor"/>, or format 1 where that is smaller (a journal unlike the dictionary).</summary>
    internal static byte[] Compress(ReadOnlySpan<byte> source, ZstdSharp.Compressor compressor)
    {
        var zstd = CompressWithDictionary(source, compressor);
        var brotli = CompressBrotli(source);
        return brotli.Length < zstd.Length ? brotli : zstd;
    }

    /// <summary>A format-2 compressor at <paramref name="level"/> (the level changes no format byte: any level's frame decodes the same).</summary>
    internal static ZstdSharp.Compressor NewCompressor(int level)
    {
        var compressor = new ZstdSharp.Compressor(level);
        compressor.LoadDictionary(Dictionary);
        return compressor;
    }

    /// <summary>A format-1 blob of <paramref name="source"/>.</summary>
    internal static byte[] CompressBrotli(ReadOnlySpan<byte> source)
    {
        var brotli = new byte[5 + BrotliEncoder.GetMaxCompressedLength(source.Length)];
        brotli[0] = Brotli;
        BinaryPrimitives.WriteInt32LittleEndian(brotli.AsSpan(1), source.Length);
        if (!BrotliEncoder.TryCompress(source, brotli.AsSpan(5), out var written, BrotliQuality, BrotliWindow))
        {
            throw new InvalidOperationException("Brotli could not compress a journal archive.");
        }

        return brotli[..(5 + written)];
    }

    /// <summary>A format-2 blob of <paramref name="source"/> by <paramref name="compressor"/> (<see cref="NewCompressor"/>).</summary>
    internal static byte[] CompressWithDictionary(ReadOnlySpan<byte> source, ZstdSharp.Compressor compressor)
    {
        var output = new byte[5 + ZstdSharp.Compressor.GetCompressBound(source.Length)];
        output[0] = ZstdDictionary;
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(1), source.Length);
        if (!compressor.TryWrap(source, output.AsSpan(5), out var written))
        {
            throw new InvalidOperationException("zstd could not compress a journal archive.");
        }

        return output[..(5 + written)];
    }

    /// <summary>The UTF-8 JSON array a blob of <see cref="Encode"/> holds, in either format (also read by the retention inventory's scan).</summary>
    internal static byte[] Decompress(byte[] stored)
    {
        if (stored.Length < 5 || stored[0] is not (Brotli or ZstdDictionary))
        {
            throw new InvalidDataException($"Unknown journal archive format {(stored.Length == 0 ? "(empty)" : stored[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        }

        var output = new byte[BinaryPrimitives.ReadInt32LittleEndian(stored.AsSpan(1))];
        if (stored[0] == Brotli)
        {
            if (!BrotliDecoder.TryDecompress(stored.AsSpan(5), output, out var written) || written != output.Length)
            {
                throw new InvalidDataException("A journal archive is damaged (Brotli).");
            }

            return output;
        }

        var decompressor = t_decompressor;
        if (decompressor is null)
        {
            decompressor = new ZstdSharp.Decompressor();
            decompressor.LoadDictionary(Dictionary);
            t_decompressor = decompressor;
        }

        try
        {
            if (!decompressor.TryUnwrap(stored.AsSpan(5), output, out var unwrapped) || unwrapped != output.Length)
            {
                throw new InvalidDataException("A journal archive is damaged (zstd).");
            }
        }
        catch (ZstdSharp.ZstdException e)
        {
            throw new InvalidDataException("A journal archive is damaged (zstd).", e);
        }

        return output;
    }

    private static byte[] LoadDictionary()
    {
        using var stream = typeof(JournalArchive).Assembly.GetManifestResourceStream("LoanJourney.Engine.Storage.JournalArchive.dict.json")
            ?? throw new InvalidOperationException("The journal archive's dictionary is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void Expect(bool condition)
    {
        if (!condition)
        {
            throw new InvalidDataException("A journal archive is damaged (JSON).");
        }
    }
}
