using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace ConvLens.Web.Security;

/// <summary>
/// The Host names a request may carry: the loopback names and the host the server was told to listen on. Any other
/// Host is a DNS-rebinding attempt (a foreign name resolved to this machine) and gets a 400.
/// </summary>
internal sealed class AllowedHosts(IOptions<ServeOptions> options) : IConfigureOptions<HostFilteringOptions>
{
    public void Configure(HostFilteringOptions filtering)
    {
        ArgumentNullException.ThrowIfNull(filtering);
        var host = options.Value.Host.Trim('[', ']');
        var names = new List<string> { "localhost", "127.0.0.1", "[::1]" };
        // Listening on every address is reached by this machine's names, which the user types; the loopback names stay.
        if (host is not ("0.0.0.0" or "::" or "*" or "+"))
        {
            names.Add(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host);
        }
        else
        {
            names.Add(System.Net.Dns.GetHostName());
            names.AddRange(System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{a.Address}]" : a.Address.ToString()));
        }

        filtering.AllowedHosts = [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
        filtering.AllowEmptyHosts = false;
        filtering.IncludeFailureMessage = true;
    }
}
