using Microsoft.Extensions.Hosting;

namespace LoanJourney.Engine.Tests.Support;

/// <summary>
/// A host lifetime whose <see cref="ApplicationStarted"/> fires only when the test says so (as a web host's fires once
/// Kestrel listens), and which counts how often it was asked for it (the dispatcher asks when it reaches its start gate).
/// </summary>
internal sealed class GatedHostLifetime : IHostApplicationLifetime, IDisposable
{
    private readonly CancellationTokenSource _started = new();
    private int _reads;

    public CancellationToken ApplicationStarted
    {
        get
        {
            Interlocked.Increment(ref _reads);
            return _started.Token;
        }
    }

    public CancellationToken ApplicationStopping => CancellationToken.None;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    /// <summary>How many times <see cref="ApplicationStarted"/> was read.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public void Start() => _started.Cancel();

    public void StopApplication()
    {
    }

    public void Dispose() => _started.Dispose();
}
