using LoanJourney.Bench;

// dotnet run -c Release --project bench/LoanJourney.Bench -- steps|waiting [count]
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
        default:
            Console.Error.WriteLine("usage: steps | waiting [instances]");
            return 2;
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(root, recursive: true);
}

return 0;
