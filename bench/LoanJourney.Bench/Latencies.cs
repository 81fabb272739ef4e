using System.Globalization;

namespace LoanJourney.Bench;

/// <summary>Latency samples in milliseconds, with nearest-rank percentiles.</summary>
internal sealed class Latencies
{
    private readonly List<double> _samples = [];

    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_samples)
        {
            _samples.Add(milliseconds);
        }
    }

    /// <summary>Adds every sample of <paramref name="other"/> (rounds of one measure, merged).</summary>
    public void AddAll(Latencies other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double[] samples;
        lock (other._samples)
        {
            samples = [.. other._samples];
        }

        lock (_samples)
        {
            _samples.AddRange(samples);
        }
    }

    public double Percentile(double p)
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _samples.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }

    public string P50P99() => string.Create(CultureInfo.InvariantCulture, $"{Percentile(50):F2} / {Percentile(99):F2}");

    /// <summary>The load average line of /proc/loadavg (1, 5, 15 minutes).</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
