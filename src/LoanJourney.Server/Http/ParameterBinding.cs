using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace LoanJourney.Server.Http;

/// <summary>
/// Which typed parameters of an endpoint (<c>int? version</c> in the query, say) did not bind from a request, each with
/// what it takes. The framework answers such a request with a bare 400 that names nothing; <see cref="Problems.ProblemsSetup"/>
/// makes it a validation problem with these errors, for every endpoint at once. The values are parsed again as the
/// framework parses them (the type's <c>TryParse</c>, invariant culture), and only for a request that already failed.
/// </summary>
internal static class ParameterBinding
{
    /// <summary>Parameter name (as the request spells it) → what it takes; empty when no typed parameter is at fault.</summary>
    public static Dictionary<string, string[]> Failures(HttpContext context)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is not { } handler)
        {
            return errors;
        }

        foreach (var parameter in handler.GetParameters())
        {
            var optional = Nullable.GetUnderlyingType(parameter.ParameterType) is not null || parameter.HasDefaultValue;
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            var range = WholeRange(type, parameter);
            if ((range is { } r ? WholeNumbers.Takes(r.Min, r.Max) : Takes(type)) is not { } takes || Source(parameter, context) is not { } source)
            {
                continue; // not a typed value of the request: a string, a service, the request itself
            }

            var (name, value) = source;
            if (string.IsNullOrEmpty(value))
            {
                if (!optional)
                {
                    errors[name] = [$"Required: {takes}."];
                }
            }
            else if (!Parses(type, value))
            {
                errors[name] = [range is { } whole ? WholeNumbers.Refusal(whole.Min, whole.Max, value) : $"Must be {takes}."];
            }
        }

        return errors;
    }

    // What a value of the type is, in the words of a problem; null for a type the request does not bind by parsing.
    private static string? Takes(Type type)
    {
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.Boolean => "true or false",
            TypeCode.DateTime => "a date and time (ISO 8601, e.g. 2026-11-21T07:33:21Z)",
            _ when type == typeof(DateTimeOffset) => "a date and time (ISO 8601, e.g. 2026-11-21T07:33:21Z)",
            _ when type == typeof(Guid) => "a GUID",
            _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss)",
            _ => null,
        };
    }

    // The values a whole-number parameter takes: its [Range] (a version is 1 or more), else its type's; null for another type.
    private static (long Min, long Max)? WholeRange(Type type, ParameterInfo parameter)
    {
        if (type.IsEnum || Type.GetTypeCode(type) is not (TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32
            or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64))
        {
            return null;
        }

        var (min, max) = (Convert.ToDecimal(type.GetField("MinValue")!.GetValue(null), CultureInfo.InvariantCulture),
            Convert.ToDecimal(type.GetField("MaxValue")!.GetValue(null), CultureInfo.InvariantCulture));
        if (parameter.GetCustomAttribute<RangeAttribute>() is { } declared)
        {
            (min, max) = (Math.Max(min, Convert.ToDecimal(declared.Minimum, CultureInfo.InvariantCulture)),
                Math.Min(max, Convert.ToDecimal(declared.Maximum, CultureInfo.InvariantCulture)));
        }

        return ((long)Math.Max(min, long.MinValue), (long)Math.Min(max, long.MaxValue));
    }

    // Where the framework reads the parameter from: its [FromQuery]/[FromRoute]/[FromHeader] source, or by convention the
    // route when the route has a value of that name, else the query. Null for a parameter of another source.
    private static (string Name, string? Value)? Source(ParameterInfo parameter, HttpContext context)
    {
        var attributes = parameter.GetCustomAttributes();
        var request = context.Request;
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case IFromQueryMetadata query:
                    return Named(query.Name, request.Query[query.Name ?? parameter.Name!].ToString());
                case IFromRouteMetadata route:
                    return Named(route.Name, request.RouteValues[route.Name ?? parameter.Name!]?.ToString());
                case IFromHeaderMetadata header:
                    return Named(header.Name, request.Headers[header.Name ?? parameter.Name!].ToString());
                case IFromServiceMetadata or IFromBodyMetadata or IFromFormMetadata:
                    return null;
            }
        }

        return request.RouteValues.TryGetValue(parameter.Name!, out var routeValue)
            ? (parameter.Name!, routeValue?.ToString())
            : (parameter.Name!, request.Query[parameter.Name!].ToString());

        (string, string?) Named(string? name, string? value) => (name ?? parameter.Name!, value);
    }

    private static bool Parses(Type type, string value)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, out _);
        }

        // The type's own TryParse(string, IFormatProvider, out T) (IParsable), as the framework calls it; bool has only TryParse(string, out bool).
        var withProvider = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        object?[] arguments = withProvider is null ? [value, null] : [value, CultureInfo.InvariantCulture, null];
        var tryParse = withProvider ?? type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]);
        return tryParse?.Invoke(null, arguments) is true;
    }
}
