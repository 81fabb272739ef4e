using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// Credentials in a journey's data (the borrower's SDK session token, a partner's API key, an OTP), masked in every HTTP
/// answer that carries a variable, output, input, step detail or journal body (docs/server.md, "Secrets in answers"). The
/// Studio's rule ported (<c>isSecretKey</c> and <c>maskSecrets</c> in studio/src/lib/format.ts; both read
/// tests/fixtures/secret-keys.json): a key is secret when its last word is <c>otp</c>, <c>pin</c>, <c>token</c>,
/// <c>secret</c>, <c>password</c> or <c>passphrase</c>, or its last two words are <c>api key</c> (or the word is
/// <c>apikey</c>); everything below a secret key is masked, at any depth; a string or number becomes <c>••••</c> and its last
/// four characters, a boolean or null stays. Only the answers (and the log lines of lender bodies,
/// <see cref="JsonBodyMasker.MaskForLog"/>) change: the engine and the journeys' activities read the stored values whole.
/// </summary>
public static partial class SecretValues
{
    /// <summary>What a masked value starts with; a value already masked is masked again to itself.</summary>
    public const string MaskPrefix = "••••";

    private static readonly HashSet<string> SecretLastWords = new(StringComparer.Ordinal) { "otp", "pin", "token", "secret", "password", "passphrase" };

    /// <summary>Words of a key: split at <c>_</c>, <c>-</c>, <c>.</c>, spaces and camelCase humps (<c>partnerAPIKey</c> → partner, api, key).</summary>
    public static IReadOnlyList<string> KeyWords(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var humps = AcronymHump().Replace(LowerUpperHump().Replace(key, "$1 $2"), "$1 $2");
        return NonWord().Split(humps).Where(w => w.Length > 0).Select(w => w.ToLowerInvariant()).ToList();
    }

    /// <summary>Whether a value under <paramref name="key"/> is a credential.</summary>
    public static bool IsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!MayEndInASecretWord(key))
        {
            return false;
        }

        var words = KeyWords(key);
        if (words.Count == 0)
        {
            return false;
        }

        var last = words[^1];
        return SecretLastWords.Contains(last) || (last == "key" && words.Count > 1 && words[^2] == "api") || last == "apikey";
    }

    // The last word KeyWords finds is the tail of the key's last run of ASCII letters and digits (a hump only splits a run, the
    // split drops what is not a letter or digit), lower-cased; every secret last word ("apikey" and "api key" included) ends in one
    // of these. A key whose last run ends in none of them is not secret, judged without the regexes' strings and lists (round 62:
    // every property name of every start input and signal body is judged); any other key is judged by the words, as before.
    private static readonly string[] SecretEndings = ["otp", "pin", "token", "secret", "password", "passphrase", "key"];

    private static bool MayEndInASecretWord(string key)
    {
        var end = key.Length;
        while (end > 0 && !char.IsAsciiLetterOrDigit(key[end - 1]))
        {
            end--;
        }

        var run = key.AsSpan(0, end);
        foreach (var ending in SecretEndings)
        {
            if (run.EndsWith(ending, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A secret's text as answers show it: <c>••••</c> and its last four characters (none when it is that short).</summary>
    public static string MaskText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 4 ? MaskPrefix + text[^4..] : MaskPrefix;
    }

    /// <summary>Whether <paramref name="text"/> is what <see cref="MaskText"/> answers (<c>••••</c>, <c>••••3456</c>): a value read back from an answer.</summary>
    public static bool IsMasked(string text) =>
        text.StartsWith(MaskPrefix, StringComparison.Ordinal) && text.Length <= MaskPrefix.Length + 4;

    /// <summary>
    /// <paramref name="node"/> with every secret in it masked, in place (pass a copy). <paramref name="secret"/> says the node
    /// itself lies under a secret key.
    /// </summary>
    public static JsonNode? Mask(JsonNode? node, bool secret = false)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToArray())
                {
                    JsonInPlace.Replace(obj, name, child, Mask(child, secret || IsSecretKey(name)));
                }

                return obj;
            case JsonArray array:
                return JsonInPlace.MapItems(array, child => Mask(child, secret));
            case JsonValue value when secret:
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => JsonValue.Create(MaskText(TextOf(value))),
                    JsonValueKind.Number => JsonValue.Create(MaskText(value.ToJsonString())),
                    _ => value,
                };
            default:
                return node;
        }
    }

    /// <summary>
    /// The path (<c>partner.sessionToken</c>, <c>keys[0]</c>) of each string at a secret place in <paramref name="node"/> that
    /// is a masked value (<see cref="IsMasked"/>), below <paramref name="path"/>: such a value was read back from an answer,
    /// and written it would replace the real credential.
    /// </summary>
    public static IEnumerable<string> MaskedPaths(JsonNode? node, string path, bool secret = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        List<string>? found = null;
        CollectMaskedPaths(node, path, new List<PathStep>(), secret, ref found);
        return found ?? (IEnumerable<string>)[];
    }

    // One step of a path below MaskedPaths' root: a property's name, or an array's index (Name null). The path's text is built
    // only for a masked value found (round 62: a start's input walked for masked credentials built a string for every node).
    private readonly record struct PathStep(string? Name, int Index);

    private static void CollectMaskedPaths(JsonNode? node, string root, List<PathStep> steps, bool secret, ref List<string>? found)
    {
        switch (node)
        {
            case JsonObject obj:
                for (var i = 0; i < obj.Count; i++)
                {
                    var (name, child) = obj.GetAt(i);
                    steps.Add(new PathStep(name, 0));
                    CollectMaskedPaths(child, root, steps, secret || IsSecretKey(name), ref found);
                    steps.RemoveAt(steps.Count - 1);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    steps.Add(new PathStep(null, i));
                    CollectMaskedPaths(array[i], root, steps, secret, ref found);
                    steps.RemoveAt(steps.Count - 1);
                }

                break;
            case JsonValue value when secret && value.GetValueKind() == JsonValueKind.String && IsMasked(TextOf(value)):
                (found ??= []).Add(PathText(root, steps));
                break;
        }
    }

    // The path as it has always been written: a name after a dot (none at the start), an index in brackets.
    private static string PathText(string root, List<PathStep> steps)
    {
        var path = root;
        foreach (var step in steps)
        {
            path = step.Name is { } name ? (path.Length == 0 ? name : $"{path}.{name}") : $"{path}[{step.Index}]";
        }

        return path;
    }

    // A node built in code may hold a CLR value written as a JSON string (a DateTimeOffset an activity set), which
    // GetValue<string> refuses; its JSON text, parsed, is that string (as JsonBodyMasker reads it).
    private static string TextOf(JsonValue value) =>
        value.TryGetValue<string>(out var text) ? text : JsonNode.Parse(value.ToJsonString())!.GetValue<string>();

    [GeneratedRegex("([a-z0-9])([A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex LowerUpperHump();

    [GeneratedRegex("([A-Z]+)([A-Z][a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex AcronymHump();

    [GeneratedRegex("[^A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonWord();
}
