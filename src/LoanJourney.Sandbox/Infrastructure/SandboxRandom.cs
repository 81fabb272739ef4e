namespace LoanJourney.Sandbox.Infrastructure;

/// <summary>The sandbox's one source of randomness (OTPs, fault rates), seedable so runs can be replayed.</summary>
internal sealed class SandboxRandom(Random random)
{
    private readonly Lock _gate = new();

    public double NextDouble()
    {
        lock (_gate)
        {
            return random.NextDouble();
        }
    }

    public string NextDigits(int count)
    {
        lock (_gate)
        {
            return string.Create(count, random, static (span, r) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = (char)('0' + r.Next(10));
                }
            });
        }
    }
}
