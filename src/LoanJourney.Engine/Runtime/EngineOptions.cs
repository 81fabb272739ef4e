using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Runtime;

/// <summary>Engine settings for <c>AddLoanJourneyEngine</c>.</summary>
public sealed class EngineOptions
{
    /// <summary>Store provider: <see cref="StoreProvider.Sqlite"/> (default) or <see cref="StoreProvider.Postgres"/> (several nodes).</summary>
    public StoreProvider Store { get; set; } = StoreProvider.Sqlite;

    /// <summary>SQLite database file.</summary>
    public string DatabasePath { get; set; } = Path.Combine("data", "loanjourney.db");

    /// <summary>Npgsql connection string of the PostgreSQL store (the server reads <c>ConnectionStrings:LoanJourney</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite <c>synchronous</c>: FULL (default, for money) or NORMAL.</summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>Directory of definition JSON files loaded at start; null loads none.</summary>
    public string? DefinitionsDirectory { get; set; }

    /// <summary>Refuse to start when any definition file has errors (default: load the good ones, report the rest).</summary>
    public bool FailOnDefinitionErrors { get; set; }

    /// <summary>
    /// How long a step may be deferred (<see cref="Activities.ActivityResult.Defer"/>: a lender's circuit is open) without spending its
    /// attempts, counted from the step's first attempt. Past it, a deferral counts as an attempt, so a dependency that stays down ends
    /// in an incident instead of waiting for ever.
    /// </summary>
    public TimeSpan MaxStepDeferral { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Instances run at once by this node.</summary>
    public int MaxConcurrency { get; set; } = Math.Max(4, Environment.ProcessorCount * 4);

    /// <summary>How long a claim is valid; renewed with every step and periodically during a long step.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First idle poll interval (other nodes or processes may enqueue work).</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Idle poll back-off ceiling.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The node id of a node whose <c>Engine:NodeId</c> is not configured: the machine's name and the process id.</summary>
    public static string DefaultNodeId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>This node's lease owner id. Keep it stable across restarts of the same node so its leases are released at start.</summary>
    public string NodeId { get; set; } = DefaultNodeId;

    /// <summary>How long a sensitive signal waits for another runner to release the instance.</summary>
    public TimeSpan SensitiveSignalClaimTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After an unexpected runner failure (not an activity failure), the instance's lease is released and it is retried
    /// after this back-off instead of waiting for <see cref="LeaseDuration"/>.
    /// </summary>
    public TimeSpan RunnerFailureBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Consecutive unexpected runner failures of the same journey on this node (its step's commit failing in the store, a bug)
    /// after which it is faulted with a <c>RunnerFailing</c> incident for an operator, instead of being run again for ever.
    /// Between them the back-off doubles from <see cref="RunnerFailureBackoff"/> up to <see cref="RunnerFailureBackoffCap"/>.
    /// Counted in memory per node: a restart, or another node, starts again at 0. A successful commit resets the count.
    /// </summary>
    public int RunnerFailureLimit { get; set; } = 8;

    /// <summary>The most a journey's back-off after consecutive runner failures grows to (<see cref="RunnerFailureLimit"/>).</summary>
    public static readonly TimeSpan RunnerFailureBackoffCap = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A step that suspends on timers only, the earliest due within this horizon (a poll interval, a short retry back-off), keeps its
    /// lease and is resumed from memory by this node when due: the suspension is committed as always, but the claim, bookmark read
    /// and lease release of the timer round trip are skipped. A cancel resumes it at once. Zero turns this off. Other nodes cannot take
    /// such an instance before its lease expires, exactly as for a running step.
    /// </summary>
    public TimeSpan InMemoryTimerHorizon { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When the node is told to stop (a deploy's SIGTERM), it claims nothing more, and the steps already running get this long,
    /// on the wall clock, to finish and commit; each run then stops before its next step and gives its lease back. A lender call
    /// in flight is answered and kept instead of cut off (a money call cut off is an outcome the operator must settle). A step
    /// still running after this is cancelled, as at a crash. Zero cancels at once. The host's shutdown timeout
    /// (<c>HostOptions.ShutdownTimeout</c>, 30 s by default) is raised to this + 10 s when it is shorter.
    /// </summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an operator's change (a migration, a go-to, variables) waits, on the wall clock, for a journey a node keeps on a
    /// short poll timer to be given back: parked on another node, or its poll in flight on this one. Longer, and the change is
    /// answered <c>held_by_runner</c> / <c>instance_busy</c> (send it again). Not a setting: tests of a slow poll lengthen it.
    /// </summary>
    internal TimeSpan ReleaseWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the journal of a read-only poll (<see cref="Activities.ActivityResult.SuspendReadOnly"/>: the lender answered "still
    /// processing") may wait for the instance's next commit. Such a suspension, when it changes nothing stored and its next poll is
    /// parked in memory (<see cref="InMemoryTimerHorizon"/>) no later than this after the instance's last commit, is not committed:
    /// its journal entries ride with the next commit (the next poll's, the step's completion), which saves a durable commit per
    /// poll. Bounded as well by a quarter of <see cref="LeaseDuration"/>, so the lease committed last still covers the poll with
    /// room to spare. A node stopping, or a parked run resumed late or by a cancel, commits what is pending first; a crash loses
    /// those entries, and the instance polls again from its last commit. Zero commits every poll.
    /// </summary>
    public TimeSpan ReadOnlyPollJournalDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a SQLite writer waits for another process's lock; on PostgreSQL, how long the erasure's VACUUM waits for another connection's lock on a table (its <c>lock_timeout</c>) before it answers busy.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the <see cref="JournalCompactor"/> packs the journals of finished journeys (Completed, Cancelled) into one
    /// compressed row each (docs/engine.md, "Journal storage"). Zero or less turns packing off; the journal reads the same either way.
    /// </summary>
    public TimeSpan JournalCompactionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A finished journey's journal is packed once its last change is this old (recent journeys stay rows, as they were written).</summary>
    public TimeSpan JournalCompactionDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Journeys packed per transaction.</summary>
    public int JournalCompactionBatchSize { get; set; } = 32;

    /// <summary>
    /// Every setting that would stop journeys rather than start them, named as the server's configuration names it
    /// (<c>Engine:MaxConcurrency must be at least 1</c>): <see cref="EngineServiceCollectionExtensions.AddLoanJourneyEngine"/>
    /// refuses to register an engine with any, so a wrong value stops the start instead of a healthy server whose
    /// journeys never run or fail at their first step.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Positive(string name, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"Engine:{name} must be positive, not {value}.");
            }
        }

        void NotNegative(string name, TimeSpan value)
        {
            if (value < TimeSpan.Zero)
            {
                problems.Add($"Engine:{name} must not be negative, not {value}.");
            }
        }

        if (MaxConcurrency < 1)
        {
            problems.Add($"Engine:MaxConcurrency must be at least 1 (journeys run at once by this node), not {MaxConcurrency}.");
        }

        Positive(nameof(LeaseDuration), LeaseDuration);
        Positive(nameof(MinPollInterval), MinPollInterval);
        if (MaxPollInterval < MinPollInterval)
        {
            problems.Add($"Engine:MaxPollInterval ({MaxPollInterval}) must not be less than Engine:MinPollInterval ({MinPollInterval}).");
        }

        NotNegative(nameof(MaxStepDeferral), MaxStepDeferral);
        NotNegative(nameof(SensitiveSignalClaimTimeout), SensitiveSignalClaimTimeout);
        NotNegative(nameof(RunnerFailureBackoff), RunnerFailureBackoff);
        if (RunnerFailureLimit < 1)
        {
            problems.Add($"Engine:RunnerFailureLimit must be at least 1 (consecutive runner failures before a journey is faulted for an operator), not {RunnerFailureLimit}.");
        }

        NotNegative(nameof(InMemoryTimerHorizon), InMemoryTimerHorizon);
        NotNegative(nameof(StopGracePeriod), StopGracePeriod);
        NotNegative(nameof(ReadOnlyPollJournalDelay), ReadOnlyPollJournalDelay);
        NotNegative(nameof(BusyTimeout), BusyTimeout);
        NotNegative(nameof(JournalCompactionDelay), JournalCompactionDelay);
        if (JournalCompactionBatchSize < 1)
        {
            problems.Add($"Engine:JournalCompactionBatchSize must be at least 1, not {JournalCompactionBatchSize}.");
        }

        if (string.IsNullOrWhiteSpace(NodeId))
        {
            problems.Add("Engine:NodeId must not be empty (it names this node's leases).");
        }

        if (Store == StoreProvider.Sqlite && !SqliteConnectionPool.IsSupportedSynchronous(Synchronous))
        {
            problems.Add($"Engine:Synchronous must be FULL, NORMAL or EXTRA, not '{Synchronous}'.");
        }

        if (Store == StoreProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add("Storage:Provider is Postgres but no connection string is set (ConnectionStrings:LoanJourney).");
        }
        else if (Store == StoreProvider.Postgres && ConnectionStringProblem(ConnectionString!) is { } problem)
        {
            // Npgsql's own words ("Couldn't set port"), named: the start died with them and 73 stack frames (session 36).
            problems.Add($"ConnectionStrings:LoanJourney is not a connection string Npgsql takes: {problem}");
        }

        return problems;
    }

    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return e.Message;
        }
    }
}
