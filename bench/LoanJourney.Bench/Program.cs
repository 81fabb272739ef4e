using LoanJourney.Bench;

// dotnet run -c Release --project bench/LoanJourney.Bench -- steps [postgres connection string] [runs] | waiting [count] | lock [rounds] | ingest [count] [FULL|NORMAL] | journeys [count] [postgres connection string] | lenderpipe [journeys] [rounds] | retention [history] [share] | retention-purge [history] | sweep [rows] [inputBytes] | sweep-starts [rows] [inputBytes] | starts [count] | webhooks [count] | stepcommits [journeys] | pgstepcommits [journeys] <postgres connection string> |
//     views [journeys] [postgres connection string] | storage [journeys] [postgres admin connection string] | packcpu <kept storage db> [keys] |
//     scale <postgres connection string> [journeys]
// ingest and journeys start the Release builds of src/LoanJourney.Server and src/LoanJourney.Sandbox as processes.
var root = Directory.CreateTempSubdirectory("lj-bench-").FullName;
try
{
    switch (args.FirstOrDefault() ?? "steps")
    {
        case "steps" when args.Length > 1:
            await PgStepsBench.RunAsync(root, args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
            break;
        case "steps":
            await StepsBench.RunAsync(root);
            break;
        case "waiting":
            await WaitingBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
            break;
        case "lock":
            await LockBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
            break;
        case "ingest":
            await IngestBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000, args.Length > 2 ? args[2] : "FULL");
            break;
        case "journeys":
            await JourneysBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000, args.Length > 2 ? args[2] : null);
            break;
        case "lenderpipe":
            await LenderPipeBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
            break;
        case "lenderpipe-child":
            await LenderPipeBench.ChildAsync(new Uri(args[1]), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3].Split(','));
            break;
        case "lenderpipe-neighbour":
            await NeighbourLoad.ProcessAsync(double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
            break;
        case "views":
            await ViewsBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000, args.Length > 2 ? args[2] : null);
            break;
        case "storage":
            await StorageBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200, args.Length > 2 ? args[2] : null);
            break;
        case "packcpu" when args.Length > 1:
            PackCpuBench.Run(args[1], args.Length > 2 ? args[2] : null);
            break;
        case "retention":
            await RetentionBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000,
                args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : null);
            break;
        case "retention-purge":
            await RetentionPurgeBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
            break;
        case "sweep":
            await SweepBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2048);
            break;
        case "sweep-starts":
            await SweepBench.RunStartsAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2048);
            break;
        case "starts":
            await StartsBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000);
            break;
        case "stepcommits":
            await StepCommitsBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
            break;
        case "pgstepcommits" when args.Length > 1:
            await PgStepCommitsBench.RunAsync(root, args.Length > 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200, args[^1]);
            break;
        case "webhooks":
            await WebhooksBench.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 4000);
            break;
        case "scale" when args.Length > 1:
            await ScaleBench.RunAsync(root, args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000);
            break;
        case "scale-servers" when args.Length > 1:
            await ScaleServersBench.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 300);
            break;
        default:
            Console.Error.WriteLine("usage: steps [postgres connection string] [runs] | waiting [instances] | lock [rounds] | ingest [webhooks] [FULL|NORMAL] | journeys [journeys] [postgres connection string] | lenderpipe [journeys] [rounds] | retention [history] [share] | retention-purge [history] | sweep [rows] [inputBytes] | sweep-starts [rows] [inputBytes] | starts [count] | webhooks [count] | stepcommits [journeys] | pgstepcommits [journeys] <postgres connection string> | views [journeys] [postgres connection string] | storage [journeys] [postgres admin connection string] | packcpu <kept storage db> [keys] | scale <postgres connection string> [journeys]");
            return 2;
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(root, recursive: true);
}

return 0;
