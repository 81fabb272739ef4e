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
        var words = KeyWords(key);
        if (words.Count == 0)
        {
            return false;
        }

        var last = words[^1];
        return SecretLastWords.Contains(last) || (last == "key" && words.Count > 1 && words[^2] == "api") || last == "apikey";
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
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var found in MaskedPaths(child, path.Length == 0 ? name : $"{path}.{name}", secret || IsSecretKey(name)))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var found in MaskedPaths(array[i], $"{path}[{i}]", secret))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonValue value when secret && value.GetValueKind() == JsonValueKind.String && IsMasked(TextOf(value)):
                yield return path;
                break;
        }
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
