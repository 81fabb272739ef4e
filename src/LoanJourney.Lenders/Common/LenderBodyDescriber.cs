using System.Text.Json.Nodes;

namespace LoanJourney.Lenders.Common;

/// <summary>Turns a request body into its masked journal form: JSON masked by field, multipart as fields and file names + sizes.</summary>
internal static class LenderBodyDescriber
{
    public static async Task<string?> DescribeAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case null:
                return null;
            case MultipartFormDataContent multipart:
                return await DescribeMultipartAsync(multipart, cancellationToken);
            default:
                var text = await content.ReadAsStringAsync(cancellationToken);
                return JsonBodyMasker.Mask(text);
        }
    }

    private static async Task<string> DescribeMultipartAsync(MultipartFormDataContent multipart, CancellationToken cancellationToken)
    {
        var fields = new JsonObject();
        var files = new JsonArray();
        foreach (var part in multipart)
        {
            var disposition = part.Headers.ContentDisposition;
            var name = Unquote(disposition?.Name) ?? "?";
            var fileName = Unquote(disposition?.FileNameStar ?? disposition?.FileName);
            if (fileName is not null || part is not StringContent)
            {
                files.Add(new JsonObject
                {
                    ["field"] = name,
                    ["fileName"] = Pii.ScrubText(fileName),
                    ["size"] = part.Headers.ContentLength ?? -1,
                });
                continue;
            }

            var value = await part.ReadAsStringAsync(cancellationToken);
            var masked = JsonBodyMasker.MaskValue(name, value);
            if (masked is not null)
            {
                fields[name] = masked;
            }
        }

        fields["files"] = files;
        return fields.ToJsonString();
    }

    private static string? Unquote(string? value) => value?.Trim('"');
}
