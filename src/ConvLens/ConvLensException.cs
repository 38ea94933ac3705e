namespace ConvLens;

/// <summary>A user-facing error: its one-line message names what was wrong and what would be accepted.</summary>
public class ConvLensException : Exception
{
    /// <summary>Creates the error with a one-line message.</summary>
    public ConvLensException(string message) : base(message) { }

    /// <summary>Creates the error with a one-line message and the exception that caused it.</summary>
    public ConvLensException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the error with a default message.</summary>
    public ConvLensException() : base("ConvLens error") { }
}
