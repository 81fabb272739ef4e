using LoanJourney.Sandbox.Infrastructure;
using Microsoft.Extensions.Options;

namespace LoanJourney.Sandbox.Durability;

/// <summary>
/// Keeps the sandbox's state across restarts: with <c>Sandbox:DataPath</c> set, every <see cref="IDurableState"/> container
/// is flushed to the state file after each lender call, control call and background step (webhook step, delivery), in one
/// transaction, before the answer leaves — what a lender has answered, it remembers. Without a path, state lives in memory
/// only and flushing does nothing.
/// </summary>
internal sealed class SandboxState : IDisposable
{
    private readonly SandboxStateFile? _file;
    private readonly Lock _gate = new();
    private readonly IServiceProvider _services;
    private IDurableState[]? _parts;

    public SandboxState(IOptions<SandboxOptions> options, IServiceProvider services, ILogger<SandboxState> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.DataPath))
        {
            _file = new SandboxStateFile(settings.DataPath, settings.Synchronous);
            SandboxLog.StateOpened(logger, _file.FilePath);
        }
    }

    public bool IsDurable => _file is not null;

    public string FilePath => _file?.FilePath ?? "";

    public IReadOnlyList<(string Key, string Json)> Load(string kind)
    {
        lock (_gate)
        {
            return _file?.Load(kind) ?? [];
        }
    }

    /// <summary>Writes every change made since the last call, in one transaction.</summary>
    public void Persist()
    {
        if (_file is null)
        {
            return;
        }

        var parts = _parts ??= [.. _services.GetServices<IDurableState>()];
        lock (_gate)
        {
            _file.Write(writer =>
            {
                foreach (var part in parts)
                {
                    part.Flush(writer);
                }
            });
        }
    }

    /// <summary>Empties the state file (<c>POST /sandbox/reset</c>), after the containers reset themselves.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _file?.Clear();
        }
    }

    public void Dispose() => _file?.Dispose();
}
