using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Dapper;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Bench;

/// <summary>
/// <c>packcpu &lt;db&gt; [keys]</c>: what packing a finished journey costs in CPU and bytes, measured on the real journeys of
/// a kept <c>storage</c> run (<c>LJ_BENCH_STORAGE_KEEP=/path.db</c>; the server's Data Protection keys are copied beside it as
/// <c>/path.db.keys</c>). The journal archive: every journey's two blobs are decoded back to the texts the compactor
/// compressed (<see cref="JournalArchive.Sources"/>) and compressed again by <see cref="JournalArchive"/>'s own code at each
/// zstd level 1–19 with the format-2 dictionary, alone and with the Brotli pick (format 1 kept where smaller, as written
/// since round 43): bytes and CPU µs per journey. The payloads (with the keys): each packed <c>input_json</c> /
/// <c>outputs_json</c> is unpacked to its plaintext and packed again at Brotli quality 1–11 (the stored length includes Data
/// Protection and base64url). CPU is the process's CPU time over repeated passes (not wall time: the host is shared).
/// </summary>
internal static class PackCpuBench
{
    private static readonly TimeSpan MinimumCpu = TimeSpan.FromMilliseconds(400);

    public static void Run(string database, string? keys)
    {
        keys ??= database + ".keys";
        var journals = new List<(byte[] Skeleton, byte[]? Data)>();
        using var c = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        c.Open();
        foreach (var row in c.Query<(string Id, byte[] EntriesZ, byte[]? DataZ)>("SELECT instance_id, entries_z, data_z FROM journal_archive ORDER BY instance_id"))
        {
            journals.Add(JournalArchive.Sources(JournalArchive.Decode(row.Id, row.EntriesZ, row.DataZ)));
        }

        var count = journals.Count;
        var sourceBytes = journals.Sum(j => j.Skeleton.Length + (j.Data?.Length ?? 0));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"packcpu: {count} journal archives from {database}; source texts {(double)sourceBytes / count:F0} bytes per journey; load average {Latencies.LoadAverage()}"));

        // LJ_BENCH_PACKCPU_COLD=<level>: in this fresh process, before anything is warmed, the CPU of each of the first passes
        // over every journey at that level (a new compressor, as a new pool thread of the server makes one), then exit:
        // what a cold process (JIT, tiering; DOTNET_* knobs of the caller) adds to the steady state.
        if (Environment.GetEnvironmentVariable("LJ_BENCH_PACKCPU_COLD") is { Length: > 0 } coldLevel)
        {
            Cold(journals, int.Parse(coldLevel, CultureInfo.InvariantCulture));
            return;
        }

        // JIT warm-up of both codecs and of this loop before anything is timed (the first level measured paid for it otherwise).
        using (var warm = JournalArchive.NewCompressor(3))
        {
            Measure(journals, s => JournalArchive.Compress(s, warm));
        }

        var brotli = Measure(journals, s => JournalArchive.CompressBrotli(s));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Brotli quality 5 alone (format 1): {brotli.Bytes:F0} bytes, {brotli.Micros:F0} µs per journey"));
        Console.WriteLine();
        Console.WriteLine("| zstd level (dictionary) | bytes per journey | µs per journey | with the Brotli pick: bytes | µs | blobs Brotli won | `JournalArchive.Compress` as shipped: bytes | µs |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var level = 1; level <= 19; level++)
        {
            using var compressor = JournalArchive.NewCompressor(level);
            var zstd = Measure(journals, s => JournalArchive.CompressWithDictionary(s, compressor));
            long picked = 0;
            var won = 0;
            foreach (var (skeleton, data) in journals)
            {
                foreach (var source in data is null ? new[] { skeleton } : new[] { skeleton, data })
                {
                    var z = JournalArchive.CompressWithDictionary(source, compressor).Length;
                    var b = JournalArchive.CompressBrotli(source).Length;
                    picked += Math.Min(z, b);
                    won += b < z ? 1 : 0;
                }
            }

            var shipped = Measure(journals, s => JournalArchive.Compress(s, compressor));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {level}{(level == JournalArchive.Level ? " (this build)" : "")} | {zstd.Bytes:F0} | {zstd.Micros:F0} | {(double)picked / count:F0} | {zstd.Micros + brotli.Micros:F0} | {won} | {shipped.Bytes:F0} | {shipped.Micros:F0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average {Latencies.LoadAverage()}"));
        if (Directory.Exists(keys))
        {
            Payloads(c, keys, count);
        }
        else
        {
            Console.WriteLine($"payloads: no keys at {keys} (a storage run with LJ_BENCH_STORAGE_KEEP copies them), not measured");
        }
    }

    private static void Payloads(SqliteConnection c, string keys, int count)
    {
        // The server's own protector (internal to the server, visible to the bench), and its Data Protection purpose for the byte-level rows.
        var keyRing = DataProtectionProvider.Create(new DirectoryInfo(keys), b => b.SetApplicationName("LoanJourney.Server"));
        var protector = keyRing.CreateProtector(DataProtectionPayloadProtector.Purpose);
        var adapter = new DataProtectionPayloadProtector(keyRing);
        var payloads = new List<byte[]>();
        foreach (var (input, outputs) in c.Query<(string? Input, string? Outputs)>("SELECT input_json, outputs_json FROM instances"))
        {
            foreach (var stored in new[] { input, outputs })
            {
                if (PackedPayload.IsPacked(stored))
                {
                    var bytes = protector.Unprotect(Base64Url.DecodeFromChars(stored.AsSpan(PackedPayload.Prefix.Length)));
                    var utf8 = new byte[BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(1))];
                    if (!BrotliDecoder.TryDecompress(bytes.AsSpan(5), utf8, out _))
                    {
                        throw new InvalidDataException("a packed payload did not decompress");
                    }

                    payloads.Add(utf8);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"payloads: {payloads.Count} packed input/outputs of {count} journeys, plaintext {(double)payloads.Sum(p => p.Length) / count:F0} bytes per journey"));
        var protect = Measure(payloads.Select(p => (p, (byte[]?)null)).ToList(), p => protector.Protect(p), count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Data Protection of the plaintext alone: {protect.Micros:F0} µs per journey"));
        Console.WriteLine("| Brotli quality (window 22) | compressed bytes per journey | stored bytes per journey (protected, base64url) | µs per journey (compression only) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        for (var quality = 1; quality <= 11; quality++)
        {
            var q = quality;
            var m = Measure(payloads.Select(p => (p, (byte[]?)null)).ToList(), p => Brotli(p, q), count);
            var stored = payloads.Sum(p => PackedPayload.Prefix.Length + Base64Url.GetEncodedLength(protector.Protect(Brotli(p, q)).Length));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {quality} | {m.Bytes:F0} | {(double)stored / count:F0} | {m.Micros:F0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average {Latencies.LoadAverage()}"));

        // Round 45: smaller windows (a payload is ~1–1.5 KB; Brotli picks other match finders at a window of 16 or less), and
        // PackedPayload.Pack itself as the compactor runs it (unprotect the stored value, Brotli, protect as bytes, base64url).
        Console.WriteLine();
        Console.WriteLine("| Brotli quality | window | compressed bytes per journey | µs per journey (compression only) | `PackedPayload.Pack`: stored bytes per journey | µs per journey (unprotect, Brotli, protect, base64url) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        var storedValues = payloads.Select(p => adapter.Protect(System.Text.Encoding.UTF8.GetString(p))).ToList();
        foreach (var window in new[] { 22, 16, 12 })
        {
            for (var quality = 1; quality <= 11; quality++)
            {
                var (q, w) = (quality, window);
                var m = Measure(payloads.Select(p => (p, (byte[]?)null)).ToList(), p => Brotli(p, q, w), count);
                var pack = MeasurePack(storedValues, s => PackedPayload.Pack(adapter, s, q, w) ?? throw new InvalidOperationException("not packed"), count);
                var shipped = quality == PackedPayload.Quality && window == PackedPayload.Window ? " (this build)" : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {quality}{shipped} | {window} | {m.Bytes:F0} | {m.Micros:F0} | {pack.Bytes:F0} | {pack.Micros:F0} |"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average {Latencies.LoadAverage()}"));
    }

    private static void Cold(List<(byte[] Skeleton, byte[]? Data)> journals, int level)
    {
        var knobs = string.Join(' ', Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal)).Order()
            .Select(k => k + "=" + Environment.GetEnvironmentVariable(k)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold, level {level}, knobs [{knobs}]: CPU per journey of each pass over {journals.Count} journeys (JournalArchive.Compress, the Brotli pick included)"));
        // LJ_BENCH_PACKCPU_NEWEACH=1: a new compressor for every journey (the worst case of the server's [ThreadStatic] ones).
        var newEach = Environment.GetEnvironmentVariable("LJ_BENCH_PACKCPU_NEWEACH") == "1";
        Console.WriteLine(newEach ? "a new compressor for every journey" : "one compressor");
        var process = Process.GetCurrentProcess();
        var compressor = JournalArchive.NewCompressor(level);
        var passes = new List<string>();
        for (var pass = 1; pass <= 8; pass++)
        {
            process.Refresh();
            var start = process.TotalProcessorTime;
            foreach (var (skeleton, data) in journals)
            {
                if (newEach)
                {
                    compressor.Dispose();
                    compressor = JournalArchive.NewCompressor(level);
                }

                JournalArchive.Compress(skeleton, compressor);
                if (data is not null)
                {
                    JournalArchive.Compress(data, compressor);
                }
            }

            process.Refresh();
            passes.Add(string.Create(CultureInfo.InvariantCulture, $"{(process.TotalProcessorTime - start).TotalMilliseconds / journals.Count:F2}"));
        }

        compressor.Dispose();
        Console.WriteLine($"ms per journey, passes 1-8: {string.Join(" / ", passes)}; load average {Latencies.LoadAverage()}");
    }

    // As PackedPayload writes it: format byte, length, Brotli.
    private static byte[] Brotli(ReadOnlySpan<byte> utf8, int quality, int window = 22)
    {
        var output = new byte[5 + BrotliEncoder.GetMaxCompressedLength(utf8.Length)];
        output[0] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(1), utf8.Length);
        return BrotliEncoder.TryCompress(utf8, output.AsSpan(5), out var written, quality, window) ? output[..(5 + written)] : throw new InvalidOperationException("Brotli failed");
    }

    // Stored bytes and CPU µs per journey of pack over every stored value (passes repeated until MinimumCpu, at least 3).
    private static (double Bytes, double Micros) MeasurePack(List<string> stored, Func<string, string> pack, int count)
    {
        long bytes = stored.Sum(s => (long)pack(s).Length);
        var micros = MicrosPerPass(() =>
        {
            foreach (var s in stored)
            {
                pack(s);
            }
        });
        return ((double)bytes / count, micros / count);
    }

    // CPU µs of one pass, passes repeated until MinimumCpu (at least 3).
    private static double MicrosPerPass(Action pass)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var start = process.TotalProcessorTime;
        var passes = 0;
        TimeSpan spent;
        do
        {
            pass();
            passes++;
            process.Refresh();
            spent = process.TotalProcessorTime - start;
        }
        while (passes < 3 || spent < MinimumCpu);

        return spent.TotalMicroseconds / passes;
    }

    // Bytes and CPU µs per journey of compress over every source, passes repeated until MinimumCpu (at least 3, one warm-up).
    private static (double Bytes, double Micros) Measure(List<(byte[] Skeleton, byte[]? Data)> journals, Func<byte[], byte[]> compress, int? perCount = null)
    {
        long bytes = 0;
        foreach (var (skeleton, data) in journals)
        {
            bytes += compress(skeleton).Length + (data is null ? 0 : compress(data).Length);
        }

        var micros = MicrosPerPass(() =>
        {
            foreach (var (skeleton, data) in journals)
            {
                compress(skeleton);
                if (data is not null)
                {
                    compress(data);
                }
            }
        });
        var n = perCount ?? journals.Count;
        return ((double)bytes / n, micros / n);
    }
}
