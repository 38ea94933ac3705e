namespace ConvLens.Web.Security;

/// <summary>A path that is absolute, climbs with "..", or leads (through a symbolic link) out of its allowed folder.</summary>
internal sealed class PathOutsideRootException(string message) : Exception(message);
