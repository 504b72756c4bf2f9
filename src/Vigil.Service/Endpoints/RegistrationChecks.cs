using Vigil.Contracts.Monitoring;
using Vigil.Core;
using Vigil.Monitoring.Registration;

namespace Vigil.Service.Endpoints;

/// <summary>
/// Checks a registration before it is stored: <see cref="RegistrationValidator"/> (every field of the contract), then
/// what the service adds: webhook addresses must be absolute http(s) URLs. A failure names the field's JSON path.
/// </summary>
internal static class RegistrationChecks
{
    /// <summary>Null when valid, else the failing field's path and the message.</summary>
    public static (string Path, string Message)? Problem(ModelRegistration r)
    {
        try
        {
            RegistrationValidator.Validate(r);
        }
        catch (VigilException e)
        {
            // the validator's message starts with the field's path ("outcome.window_hours: -1: expected ...")
            var colon = e.Message.IndexOf(": ", StringComparison.Ordinal);
            var path = colon > 0 && !e.Message[..colon].Contains(' ', StringComparison.Ordinal) ? e.Message[..colon] : e.Parameter ?? "$";
            return (path, e.Message);
        }
        for (var i = 0; i < r.Monitors.Webhooks.Count; i++)
            if (!Uri.TryCreate(r.Monitors.Webhooks[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                return ($"monitors.webhooks[{i}]", $"monitors.webhooks[{i}]: expected an absolute http or https address");
        return null;
    }
}
