namespace LoanJourney.Server.Auth;

/// <summary>
/// <c>dotnet run --project src/LoanJourney.Server -- hash-key</c>: reads a key from standard input (one line, not echoed
/// back) and prints its SHA-256 in hex, the form <c>Server:Principals:N:KeySha256</c> takes.
/// </summary>
internal static class HashKeyCommand
{
    public const string Name = "hash-key";

    public static int Run(TextReader input, TextWriter output, TextWriter error)
    {
        if (!Console.IsInputRedirected)
        {
            error.WriteLine("Type the key and press Enter (it is read from standard input, never from the command line):");
        }

        var key = input.ReadLine()?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            error.WriteLine("No key read from standard input.");
            return 2;
        }

        if (key.Length < 16)
        {
            error.WriteLine("Warning: keys shorter than 16 characters are easy to guess; use a long random one (e.g. `openssl rand -base64 32`).");
        }

        output.WriteLine(ApiKeys.HashHex(key));
        return 0;
    }
}
