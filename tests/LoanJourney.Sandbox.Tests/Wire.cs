using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LoanJourney.Sandbox.Tests;

/// <summary>Raw HTTP as the lender docs show it: JSON written by hand, credentials in the documented headers.</summary>
public static class Wire
{
    public const string FinBoxKey = "test-server-api-key";
    public const string CfToken = "test-cf-token";

    public static Task<HttpResponseMessage> FinBoxPost(this HttpClient client, string path, string json) =>
        Send(client, HttpMethod.Post, path, json, ("x-api-key", FinBoxKey));

    public static Task<HttpResponseMessage> FinBoxGet(this HttpClient client, string path) =>
        Send(client, HttpMethod.Get, path, null, ("x-api-key", FinBoxKey));

    public static Task<HttpResponseMessage> AuthorizedPost(this HttpClient client, string path, string json) =>
        Send(client, HttpMethod.Post, path, json, ("Authorization", CfToken));

    public static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string? json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public static async Task<JsonElement> Json(this Task<HttpResponseMessage> response)
    {
        using var r = await response;
        return await r.Json();
    }

    public static string Str(this JsonElement e, string path)
    {
        var node = e;
        foreach (var part in path.Split('.'))
        {
            node = node.GetProperty(part);
        }

        return node.ValueKind == JsonValueKind.String ? node.GetString()! : node.GetRawText();
    }

    public static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    public static MultipartFormDataContent WithFile(this MultipartFormDataContent form, string field, int bytes, string fileName = "statement.pdf")
    {
        var content = new ByteArrayContent(new byte[bytes]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(content, field, fileName);
        return form;
    }

    public static async Task<HttpResponseMessage> FinBoxForm(this HttpClient client, string path, MultipartFormDataContent form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = form };
        request.Headers.TryAddWithoutValidation("x-api-key", FinBoxKey);
        return await client.SendAsync(request);
    }

    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];
}
