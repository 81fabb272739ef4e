using System.Text.Json.Nodes;

namespace LoanJourney.Lenders.Common;

/// <summary>
/// The walk the two maskers (<see cref="JsonBodyMasker"/>, <see cref="SecretValues"/>) share: a child replaced in place only when
/// its mask returns another node (a node cannot have two parents, and an unchanged one need not be set again).
/// </summary>
internal static class JsonInPlace
{
    /// <summary>Sets <paramref name="name"/> to <paramref name="masked"/> when it is not <paramref name="child"/>, the node it held.</summary>
    public static void Replace(JsonObject obj, string name, JsonNode? child, JsonNode? masked)
    {
        if (!ReferenceEquals(masked, child))
        {
            obj[name] = masked;
        }
    }

    /// <summary>Each item of <paramref name="array"/> replaced by its mask, in place.</summary>
    public static JsonArray MapItems(JsonArray array, Func<JsonNode?, JsonNode?> mask)
    {
        for (var i = 0; i < array.Count; i++)
        {
            var child = array[i];
            var masked = mask(child);
            if (!ReferenceEquals(masked, child))
            {
                array[i] = masked;
            }
        }

        return array;
    }
}
