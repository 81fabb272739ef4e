using System.Globalization;

namespace LoanJourney.Bench;

/// <summary>
/// Environment of a benchmark server process: its own SQLite file and keys in a temp folder, no log file unless
/// <c>LJ_BENCH_LOGFILE=1</c> (then the server's default daily JSON file, in the temp folder: what a server started with the
/// defaults writes; docs/PERFORMANCE.md, rounds 7 and 34).
/// </summary>
internal static class ServerEnvironment
{
    public const string ApiKey = "bench-key";

    public static Dictionary<string, string> For(string directory, string synchronous, Uri? lenders = null)
    {
        var lenderUrl = (lenders ?? new Uri("http://127.0.0.1:9/")).AbsoluteUri.TrimEnd('/');
        var environment = new Dictionary<string, string>
        {
            ["Server__ApiKeys__0"] = ApiKey,
            ["Server__DataProtectionKeysPath"] = Path.Combine(directory, "keys"),
            ["Engine__DatabasePath"] = Path.Combine(directory, "server.db"),
            ["Engine__Synchronous"] = synchronous,
            ["Serilog__File__Path"] = Environment.GetEnvironmentVariable("LJ_BENCH_LOGFILE") == "1" ? Path.Combine(directory, "logs", "loanjourney-.json") : "",
            ["Journeys__PublicBaseUrl"] = "http://127.0.0.1:9",

            // Production refuses unverified webhook sources unless allowed; the ingest figures are for the unverified path.
            ["Webhook__FinBox__AllowUnverified"] = "true",
            ["Webhook__Partner__AllowUnverified"] = "true",
        };
        foreach (var lender in new[] { "FinBoxPrism", "FinBoxSourcing", "CapitalFloat", "Partner" })
        {
            environment[$"Lenders__{lender}__BaseUrl"] = lenderUrl;
            environment[$"Lenders__{lender}__{(lender is "CapitalFloat" or "Partner" ? "Authorization" : "ApiKey")}"] = "bench";
        }

        return environment;
    }

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
}
