using LoanJourney.Bench;

// dotnet run -c Release --project bench/LoanJourney.Bench -- steps|waiting [count]|scale <postgres connection string> [journeys]
var root = Directory.CreateTempSubdirectory("lj-bench-").FullName;
try
{
    switch (args.FirstOrDefault() ?? "steps")
    {
        case "steps":
            await StepsBench.RunAsync(root);
            break;
        case "waiting":
            await WaitingBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
            break;
        case "scale" when args.Length > 1:
            await ScaleBench.RunAsync(root, args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000);
            break;
        default:
            Console.Error.WriteLine("usage: steps | waiting [instances] | scale <postgres connection string> [journeys]");
            return 2;
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(root, recursive: true);
}

return 0;
